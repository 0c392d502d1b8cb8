package dev.dlirun.domain.template;

import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.JobTag;
import dev.dlirun.domain.model.JobType;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * DLI's limits on a Flink SQL job template (API page "Creating a Template"): a name of 1 to 64 characters, a
 * description of at most 512, SQL of at most {@value #MAX_SQL_LENGTH} characters, the kinds {@code flink_sql_job}
 * (the default) and {@code flink_opensource_sql_job}, and at most {@value #MAX_TEMPLATES} templates per project.
 */
public final class TemplateRules {

    public static final int MAX_NAME_LENGTH = 64;
    public static final int MAX_DESC_LENGTH = 512;
    /**
     * DLI's pages give 2,048 in some editions and 10,000 in others; the larger is kept so that no template DLI accepts
     * in either edition is refused here (a job's own SQL may be far longer: 1 MiB).
     */
    public static final int MAX_SQL_LENGTH = 10_000;
    public static final int MAX_TEMPLATES = 100;
    /** As many tags as a job may carry. */
    public static final int MAX_TAGS = 20;
    public static final JobType DEFAULT_TYPE = JobType.FLINK_SQL_JOB;

    private TemplateRules() {
    }

    static String name(String name) {
        if (name == null || name.isBlank() || name.length() > MAX_NAME_LENGTH) {
            throw new InvalidInputException("name", "must be 1 to " + MAX_NAME_LENGTH + " characters long");
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidInputException("name", "must not hold control characters");
        }
        return name;
    }

    static String desc(String desc) {
        if (desc == null || desc.length() > MAX_DESC_LENGTH) {
            throw new InvalidInputException("desc", "must be at most " + MAX_DESC_LENGTH + " characters long");
        }
        return desc;
    }

    static String sqlBody(String sqlBody) {
        if (sqlBody == null || sqlBody.length() > MAX_SQL_LENGTH) {
            throw new InvalidInputException("sql_body", "must be at most " + MAX_SQL_LENGTH + " characters long");
        }
        return sqlBody;
    }

    static JobType type(JobType type) {
        if (type != JobType.FLINK_SQL_JOB && type != JobType.FLINK_OPENSOURCE_SQL_JOB) {
            throw new InvalidInputException("job_type", "must be flink_sql_job or flink_opensource_sql_job");
        }
        return type;
    }

    static List<JobTag> tags(List<JobTag> tags) {
        if (tags == null || tags.size() > MAX_TAGS) {
            throw new InvalidInputException("tags", "must hold at most " + MAX_TAGS + " tags");
        }
        Set<String> keys = new HashSet<>();
        for (JobTag tag : tags) {
            if (tag == null) {
                throw new InvalidInputException("tags", "must not hold null");
            }
            if (!keys.add(tag.key())) {
                throw new InvalidInputException("tags", "must not repeat the key " + tag.key());
            }
        }
        return List.copyOf(tags);
    }
}
