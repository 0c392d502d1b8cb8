package dev.dlirun.domain.template;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TemplateNotFoundExceptionTest {

    @Test
    void itNamesTheTemplateAndCarriesItsId() {
        TemplateNotFoundException exception = new TemplateNotFoundException(TemplateId.of(17));

        assertThat(exception).hasMessage("Template 17 does not exist.");
        assertThat(exception.templateId()).isEqualTo(TemplateId.of(17));
    }

    @Test
    void aMissingIdIsRefused() {
        assertThatThrownBy(() -> new TemplateNotFoundException(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("templateId");
    }
}
