package dev.dlirun.adapters.client.dli;

import dev.dlirun.adapters.client.generated.model.FlinkSuccessResponse;
import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.Job;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.outcome.JobOperation;
import dev.dlirun.domain.outcome.JobOutcome;
import dev.dlirun.domain.run.StartMode;
import dev.dlirun.domain.stop.StopMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/** DLI's batch run, stop and delete: the jobs in chunks, the chunks' POSTs in parallel, never blindly retried. */
final class DliBatches {

    /** Logs under the backend's name, which operators' log settings and searches know. */
    private static final Logger LOG = LoggerFactory.getLogger(DliJobBackend.class);

    private final DliCalls calls;

    DliBatches(DliCalls calls) {
        this.calls = calls;
    }

    Map<JobId, JobOutcome> submit(ProjectId projectId, List<Job> jobs, StartMode mode, Deadline deadline) {
        return inChunks(projectId, ids(jobs), JobOperation.RUN,
                ids -> DliAnswers.runRequest(ids, mode.resumesFromSavepoint()), deadline);
    }

    /** Stops go to DLI's batch stop as runs go to its batch run: in chunks, in parallel, never blindly retried. */
    Map<JobId, JobOutcome> stop(ProjectId projectId, List<Job> jobs, StopMode mode, Deadline deadline) {
        return inChunks(projectId, ids(jobs), JobOperation.STOP,
                ids -> DliAnswers.stopRequest(ids, mode.takesSavepoint()), deadline);
    }

    /** Deletes go to DLI's batch delete as runs go to its batch run. */
    Map<JobId, JobOutcome> delete(ProjectId projectId, List<JobId> ids, Deadline deadline) {
        return inChunks(projectId, ids, JobOperation.DELETE, DliAnswers::deleteRequest, deadline);
    }

    private static List<JobId> ids(List<Job> jobs) {
        return jobs.stream().map(Job::id).toList();
    }

    private Map<JobId, JobOutcome> inChunks(ProjectId projectId, List<JobId> ids, JobOperation operation,
                                            Function<List<JobId>, byte[]> body, Deadline deadline) {
        int chunkSize = calls.settings().chunkSize();
        List<ChunkCall> chunks = new ArrayList<>();
        Map<String, String> context = MDC.getCopyOfContextMap();
        for (int from = 0; from < ids.size(); from += chunkSize) {
            List<JobId> chunk = ids.subList(from, Math.min(ids.size(), from + chunkSize));
            ChunkCall call = new ChunkCall(projectId, chunk, operation, body.apply(chunk), deadline);
            call.future = calls.submit(DliCalls.withContext(context, call::call));
            chunks.add(call);
        }
        Map<JobId, JobOutcome> answers = new HashMap<>(ids.size() * 2);
        try {
            for (ChunkCall call : chunks) {
                answers.putAll(DliCalls.await(call.future, deadline, call::abandoned));
            }
        } finally {
            chunks.forEach(call -> call.future.cancel(true));
        }
        return answers;
    }

    /** One batch call to DLI (run, stop or delete), for up to {@link DliSettings#chunkSize()} jobs. */
    private final class ChunkCall {
        private final ProjectId project;
        private final List<JobId> ids;
        private final JobOperation jobOperation;
        /** The operation as DLI's path and this service's metrics name it: {@code run}, {@code stop}, {@code delete}. */
        private final String operation;
        private final byte[] body;
        private final Deadline deadline;
        /** Whether a call is, or may have been, on its way to DLI. */
        private final AtomicBoolean mayHaveReachedDli = new AtomicBoolean();
        private Future<Map<JobId, JobOutcome>> future;

        ChunkCall(ProjectId project, List<JobId> ids, JobOperation operation, byte[] body, Deadline deadline) {
            this.project = project;
            this.ids = ids;
            this.jobOperation = operation;
            this.operation = operation.name().toLowerCase(Locale.ROOT);
            this.body = body;
            this.deadline = deadline;
        }

        Map<JobId, JobOutcome> call() {
            if (!DliCalls.hasTimeFor(deadline)) {
                return each(this::unavailable);
            }
            DliHttp.Answer answer;
            try {
                answer = calls.sendOnce(project, "POST", DliCalls.jobPath(project, operation), body, deadline,
                        operation, mayHaveReachedDli);
            } catch (ConnectException | HttpConnectTimeoutException e) {
                LOG.warn("DLI could not be reached to {} {} jobs of project {}: {}", operation, ids.size(), project,
                        DliCalls.describe(e));
                return each(this::unavailable);
            } catch (HttpTimeoutException e) {
                return each(id -> uncertain(id, "DLI did not answer in time"));
            } catch (IOException e) {
                LOG.warn("The call to {} {} jobs of project {} failed midway: {}", operation, ids.size(), project,
                        DliCalls.describe(e));
                return each(id -> uncertain(id, "the connection to DLI failed"));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return abandoned();
            }
            return interpret(answer);
        }

        private Map<JobId, JobOutcome> interpret(DliHttp.Answer answer) {
            int status = answer.status();
            if (status == 200) {
                try {
                    List<FlinkSuccessResponse> results = DliAnswers.batchOutcomes(answer, ids.size());
                    Map<JobId, JobOutcome> answers = new HashMap<>();
                    for (int i = 0; i < ids.size(); i++) {
                        JobId id = ids.get(i);
                        FlinkSuccessResponse result = results.get(i);
                        answers.put(id, DliAnswers.delivered(result) ? new JobOutcome.Delivered(jobOperation, id)
                                : refused(id, Optional.ofNullable(result.getMessage()).filter(m -> !m.isBlank())));
                    }
                    return answers;
                } catch (DliAnswers.Unreadable e) {
                    return each(id -> uncertain(id, e.getMessage()));
                }
            }
            Optional<DliAnswers.DliError> error = DliAnswers.error(answer);
            if (status == 401 || status == 403) {
                calls.alarm().raise(status, error.map(Object::toString).orElse(""));
                return each(id -> refused(id,
                        Optional.of("DLI refused this service's credentials; its operator must fix them.")));
            }
            if (status == 429) {
                return each(id -> new JobOutcome.BackendRefused(id, "DLI is throttling requests (HTTP 429); job "
                        + id + " was not " + jobOperation.done() + ". Retry later."));
            }
            if (status >= 500) {
                return each(id -> uncertain(id, "DLI answered HTTP " + status));
            }
            return each(id -> refused(id,
                    Optional.of(error.map(Object::toString).orElse("DLI answered HTTP " + status + "."))));
        }

        /** The outcome of jobs whose call did not end by the deadline. */
        Map<JobId, JobOutcome> abandoned() {
            return mayHaveReachedDli.get()
                    ? each(id -> uncertain(id, "DLI did not answer within the request's deadline"))
                    : each(this::unavailable);
        }

        /** DLI answered and refused the job; {@code reason} is DLI's, or empty when it gave none. */
        private JobOutcome refused(JobId id, Optional<String> reason) {
            return new JobOutcome.BackendRefused(id, reason.orElse("DLI refused to " + jobOperation.verb() + " job " + id
                    + "."));
        }

        /** The call may or may not have reached DLI. */
        private JobOutcome uncertain(JobId id, String cause) {
            return new JobOutcome.Uncertain(jobOperation, id, cause);
        }

        /** The call certainly did not reach DLI. */
        private JobOutcome unavailable(JobId id) {
            return new JobOutcome.BackendUnavailable(jobOperation, id);
        }

        private Map<JobId, JobOutcome> each(Function<JobId, JobOutcome> outcome) {
            Map<JobId, JobOutcome> answers = new HashMap<>();
            ids.forEach(id -> answers.put(id, outcome.apply(id)));
            return answers;
        }
    }
}
