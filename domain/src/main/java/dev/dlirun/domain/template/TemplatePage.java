package dev.dlirun.domain.template;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * One page of a list of templates.
 *
 * @param totalCount how many templates match the query, on every page
 */
public record TemplatePage(long totalCount, List<JobTemplate> templates) {
    public TemplatePage {
        templates = List.copyOf(Objects.requireNonNull(templates, "templates"));
    }

    /** The page {@code query} asks for of {@code templates} (a project's, in any order): filtered, ordered, cut. */
    public static TemplatePage of(TemplateQuery query, List<JobTemplate> templates) {
        Comparator<JobTemplate> byTime = Comparator.comparingLong(JobTemplate::createTime)
                .thenComparingLong(template -> template.id().value());
        List<JobTemplate> matching = templates.stream()
                .filter(template -> template.projectId().equals(query.projectId()))
                .filter(query::matches)
                .sorted(query.ascending() ? byTime : byTime.reversed())
                .toList();
        return new TemplatePage(matching.size(), matching.stream()
                .skip(query.offset()).limit(query.limit()).toList());
    }
}
