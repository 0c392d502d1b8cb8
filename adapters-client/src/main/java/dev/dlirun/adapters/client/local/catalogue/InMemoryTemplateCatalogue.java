package dev.dlirun.adapters.client.local.catalogue;

import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.template.JobTemplate;
import dev.dlirun.domain.template.TemplateId;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/** Templates in memory, beside an {@link InMemoryJobCatalogue}: thread-safe, forgotten when the process ends. */
final class InMemoryTemplateCatalogue implements TemplateCatalogue {

    private final ConcurrentMap<TemplateId, JobTemplate> templates = new ConcurrentHashMap<>();
    /** Ids start where the database's sequence does. */
    private final AtomicLong ids = new AtomicLong();

    /** Synchronized: the project's count and the insert are one step. */
    @Override
    public synchronized Optional<JobTemplate> create(ProjectId projectId, int max,
                                                     Function<TemplateId, JobTemplate> template) {
        if (all(projectId).size() >= max) {
            return Optional.empty();
        }
        TemplateId id = TemplateId.of(ids.incrementAndGet());
        JobTemplate made = Objects.requireNonNull(template.apply(id), "template");
        if (!made.id().equals(id) || !made.projectId().equals(projectId)) {
            throw new IllegalArgumentException("a new template must have the id and project it was given");
        }
        templates.put(id, made);
        return Optional.of(made);
    }

    @Override
    public Optional<JobTemplate> find(ProjectId projectId, TemplateId id) {
        return Optional.ofNullable(templates.get(id)).filter(template -> template.projectId().equals(projectId));
    }

    @Override
    public List<JobTemplate> all(ProjectId projectId) {
        return templates.values().stream().filter(template -> template.projectId().equals(projectId)).toList();
    }

    @Override
    public Optional<JobTemplate> update(ProjectId projectId, TemplateId id, UnaryOperator<JobTemplate> change) {
        return Optional.ofNullable(templates.computeIfPresent(id, (key, current) -> {
            if (!current.projectId().equals(projectId)) {
                return current;
            }
            JobTemplate changed = Objects.requireNonNull(change.apply(current), "change answered null");
            TemplateCatalogue.requireSameKey(current, changed);
            return changed;
        })).filter(template -> template.projectId().equals(projectId));
    }

    @Override
    public boolean delete(ProjectId projectId, TemplateId id) {
        JobTemplate[] removed = new JobTemplate[1];
        templates.computeIfPresent(id, (key, current) -> {
            if (!current.projectId().equals(projectId)) {
                return current;
            }
            removed[0] = current;
            return null;
        });
        return removed[0] != null;
    }
}
