// A SQL editor: a plain textarea (so the keyboard, the clipboard, undo and screen readers work as everywhere) with a
// gutter of line numbers beside it, and a mark on the line and column a check found wrong.

import { h } from './dom.js';

export class SqlEditor {
  /**
   * @param id the textarea's id
   * @param label its accessible name
   * @param value the SQL to start with
   */
  constructor({ id, label, value = '', readOnly = false }) {
    this.gutter = h('div', { class: 'editor-gutter', 'aria-hidden': 'true' });
    this.textarea = h('textarea', {
      id, class: 'editor-text', 'aria-label': label, spellcheck: 'false', autocapitalize: 'off',
      autocomplete: 'off', wrap: 'off', readonly: readOnly, 'aria-describedby': `${id}-mark`,
      // A definition shown read-only takes the height of its lines (within bounds); one being written, a fixed one.
      rows: readOnly ? Math.min(Math.max(value.split('\n').length, 3), 24) : 16,
    });
    this.textarea.value = value;
    this.mark = h('p', { id: `${id}-mark`, class: 'editor-mark', role: 'status' });
    this.errorLine = null;
    this.element = h('div', { class: 'editor' }, h('div', { class: 'editor-body' }, this.gutter, this.textarea),
      this.mark);
    this.textarea.addEventListener('input', () => {
      this.clearError();
      this.renderGutter();
    });
    this.textarea.addEventListener('scroll', () => {
      this.gutter.scrollTop = this.textarea.scrollTop;
    });
    this.renderGutter();
  }

  get value() {
    return this.textarea.value;
  }

  set value(text) {
    this.textarea.value = text;
    this.clearError();
    this.renderGutter();
  }

  renderGutter() {
    const lines = this.textarea.value.split('\n').length;
    if (this.gutter.childElementCount !== lines || this.gutter.querySelector('.error') || this.errorLine) {
      this.gutter.replaceChildren(...Array.from({ length: lines }, (_, i) => h('span', {
        class: i + 1 === this.errorLine ? 'error' : null, 'data-line': i + 1,
      }, String(i + 1))));
    }
    this.gutter.scrollTop = this.textarea.scrollTop;
  }

  /**
   * Marks a line (1-based) and, when known, a column (1-based) as wrong: the gutter's number, the textarea as
   * invalid, the caret put there, and the message read out.
   */
  markError(line, column, message) {
    const lines = this.textarea.value.split('\n');
    this.errorLine = Math.min(Math.max(line, 1), lines.length);
    this.textarea.setAttribute('aria-invalid', 'true');
    this.element.dataset.errorLine = String(this.errorLine);
    if (column) this.element.dataset.errorColumn = String(column);
    else delete this.element.dataset.errorColumn;
    this.mark.className = 'editor-mark editor-mark-error';
    this.mark.textContent = `Line ${this.errorLine}${column ? `, column ${column}` : ''}: ${message}`;
    this.renderGutter();
    let offset = 0;
    for (let i = 0; i < this.errorLine - 1; i++) offset += lines[i].length + 1;
    offset += Math.max(0, Math.min((column || 1) - 1, lines[this.errorLine - 1].length));
    this.textarea.focus();
    this.textarea.setSelectionRange(offset, offset);
  }

  /** Says the check passed. */
  markFine(message) {
    this.clearError();
    this.mark.className = 'editor-mark editor-mark-fine';
    this.mark.textContent = message;
  }

  clearError() {
    if (this.errorLine === null && !this.mark.textContent) return;
    this.errorLine = null;
    this.textarea.removeAttribute('aria-invalid');
    delete this.element.dataset.errorLine;
    delete this.element.dataset.errorColumn;
    this.mark.className = 'editor-mark';
    this.mark.textContent = '';
    this.renderGutter();
  }
}

/**
 * Where a check's message places the mistake: Flink's "at line 3, column 33" or "From line 3, column 5", else the
 * statement's own "(line 3)". Null when the message names no line.
 */
export function mistakePlace(message) {
  const exact = /(?:at|From) line (\d+), column (\d+)/i.exec(message || '');
  if (exact) return { line: Number(exact[1]), column: Number(exact[2]) };
  const statement = /\(line (\d+)\)/.exec(message || '');
  if (statement) return { line: Number(statement[1]), column: null };
  return null;
}
