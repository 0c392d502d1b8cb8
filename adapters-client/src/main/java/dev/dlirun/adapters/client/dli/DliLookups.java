package dev.dlirun.adapters.client.dli;

import dev.dlirun.domain.model.BackendCredentialsRejectedException;
import dev.dlirun.domain.model.BackendUnavailableException;
import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.JobDetail;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.port.out.JobLookupResult;
import org.slf4j.MDC;

import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Future;

/** DLI's job-detail GETs: the lookups of batches, of one job, of waits, and the readiness probe. */
final class DliLookups {

    /** What one job-detail call came to. */
    sealed interface Fetched {
        record Found(JobDetail detail) implements Fetched {
        }

        record Missing() implements Fetched {
        }

        record Refused(String reason) implements Fetched {
        }

        record Unavailable(String reason) implements Fetched {
        }
    }

    private final DliCalls calls;

    DliLookups(DliCalls calls) {
        this.calls = calls;
    }

    Map<JobId, JobLookupResult> findJobs(ProjectId projectId, List<JobId> jobIds, Deadline deadline) {
        Map<JobId, Future<Fetched>> pending = new LinkedHashMap<>();
        Map<String, String> context = MDC.getCopyOfContextMap();
        for (JobId id : jobIds) {
            pending.put(id, calls.submit(DliCalls.withContext(context, () -> fetch(projectId, id, deadline))));
        }
        Map<JobId, JobLookupResult> results = new HashMap<>(jobIds.size() * 2);
        try {
            for (var call : pending.entrySet()) {
                Fetched fetched = DliCalls.await(call.getValue(), deadline,
                        () -> new Fetched.Unavailable("DLI did not answer within the request's deadline"));
                results.put(call.getKey(), toLookupResult(fetched));
            }
        } finally {
            pending.values().forEach(call -> call.cancel(true));
        }
        return results;
    }

    Optional<JobDetail> findJob(ProjectId projectId, JobId id, Deadline deadline) {
        Fetched fetched = DliCalls.await(calls.submit(DliCalls.withContext(MDC.getCopyOfContextMap(),
                        () -> fetch(projectId, id, deadline))),
                deadline,
                () -> new Fetched.Unavailable("DLI did not answer within the request's deadline"));
        if (fetched instanceof Fetched.Found found) {
            return Optional.of(found.detail());
        }
        if (fetched instanceof Fetched.Missing) {
            return Optional.empty();
        }
        if (fetched instanceof Fetched.Refused refused) {
            throw new BackendUnavailableException("DLI refused to show job " + id + ": " + refused.reason());
        }
        throw new BackendUnavailableException(((Fetched.Unavailable) fetched).reason());
    }

    private static JobLookupResult toLookupResult(Fetched fetched) {
        if (fetched instanceof Fetched.Found found) {
            return new JobLookupResult.Found(found.detail().job());
        }
        if (fetched instanceof Fetched.Missing) {
            return JobLookupResult.MISSING;
        }
        if (fetched instanceof Fetched.Refused refused) {
            return new JobLookupResult.Refused(refused.reason());
        }
        return new JobLookupResult.Unavailable(((Fetched.Unavailable) fetched).reason());
    }

    /** One job-detail GET, retried as lookups are, on the caller's thread. */
    Fetched fetch(ProjectId project, JobId id, Deadline deadline) {
        if (!DliCalls.hasTimeFor(deadline)) {
            return new Fetched.Unavailable("no time was left to ask DLI before the request's deadline");
        }
        DliHttp.Answer answer;
        try {
            answer = calls.sendIdempotent(project, "GET", DliCalls.jobPath(project, id.toString()), null, deadline,
                    "lookup");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Fetched.Unavailable("the lookup was abandoned at the request's deadline");
        } catch (IOException e) {
            return new Fetched.Unavailable("DLI could not be reached: " + DliCalls.describe(e));
        }
        int status = answer.status();
        if (status == 200) {
            try {
                return new Fetched.Found(DliAnswers.jobDetail(project, id, answer));
            } catch (DliAnswers.Unusable e) {
                return new Fetched.Refused(e.getMessage());
            } catch (DliAnswers.Unreadable e) {
                return new Fetched.Unavailable(e.getMessage());
            }
        }
        Optional<DliAnswers.DliError> error = DliAnswers.error(answer);
        if (status == 404 || error.map(DliAnswers.DliError::code).filter(DliAnswers.DOES_NOT_EXIST::contains).isPresent()) {
            return new Fetched.Missing();
        }
        if (status == 401 || status == 403) {
            calls.alarm().raise(status, error.map(Object::toString).orElse(""));
            throw new BackendCredentialsRejectedException("DLI answered HTTP " + status + " to a job lookup");
        }
        if (DliCalls.TRANSIENT.contains(status) || status >= 500) {
            return new Fetched.Unavailable("DLI answered HTTP " + status);
        }
        return new Fetched.Refused(error.map(Object::toString).orElse("DLI answered HTTP " + status + "."));
    }

    /**
     * Asks DLI for the detail of job 1 in the probe project, signed like every call: DLI answering at all, and not
     * with 401/403, means this instance can serve. Without a probe project, any answer below 500 will do.
     */
    void probe(Deadline deadline) {
        DliSettings settings = calls.settings();
        String project = settings.probeProject().orElse("dlirun-readiness-probe");
        DliHttp.Answer answer;
        try {
            answer = calls.sendUnretried(ProjectId.of(project), "GET", DliCalls.jobPath(ProjectId.of(project), "1"),
                    null, deadline, "probe");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendUnavailableException("the readiness probe was interrupted");
        } catch (IOException e) {
            throw new BackendUnavailableException("DLI could not be reached: " + DliCalls.describe(e));
        }
        if (settings.probeProject().isPresent() && (answer.status() == 401 || answer.status() == 403)) {
            calls.alarm().raise(answer.status(), DliAnswers.error(answer).map(Object::toString).orElse(""));
            throw new BackendCredentialsRejectedException("DLI answered HTTP " + answer.status() + " to the probe");
        }
        if (answer.status() >= 500) {
            throw new BackendUnavailableException("DLI answered HTTP " + answer.status());
        }
    }
}
