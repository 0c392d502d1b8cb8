package dev.dlirun.adapters.client.dli;

import dev.dlirun.adapters.client.generated.model.FlinkSuccessResponse;
import dev.dlirun.domain.model.BackendCredentialsRejectedException;
import dev.dlirun.domain.model.BackendUnavailableException;
import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.Job;
import dev.dlirun.domain.model.JobDetail;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.port.out.BackendProbe;
import dev.dlirun.domain.port.out.JobDetailLookup;
import dev.dlirun.domain.port.out.JobLookup;
import dev.dlirun.domain.port.out.JobLookupResult;
import dev.dlirun.domain.port.out.JobSubmission;
import dev.dlirun.domain.run.RunOutcome;
import dev.dlirun.domain.run.StartMode;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The backend that is Huawei Cloud DLI itself: lookups are job-detail GETs, submissions are batch-run POSTs, all
 * authenticated, run in parallel on a bounded pool, and held to the request's deadline.
 *
 * <p>Retries follow what is safe. A lookup is retried, with exponential backoff and jitter, on connection errors,
 * timeouts, 429 (after its {@code Retry-After}) and 502/503/504. A batch run is retried only when it provably never
 * reached DLI (the connection was refused or never established); after anything else its jobs answer
 * {@link RunOutcome.SubmissionUncertain}, so that nothing is ever submitted twice.
 */
public final class DliJobBackend implements JobLookup, JobSubmission, JobDetailLookup, BackendProbe, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DliJobBackend.class);
    private static final Set<Integer> TRANSIENT = Set.of(429, 502, 503, 504);
    private static final Duration LEAST_USEFUL_CALL = Duration.ofMillis(20);

    private final DliSettings settings;
    private final DliHttp http;
    private final Clock clock;
    private final ExecutorService calls;
    private final CredentialsAlarm alarm;
    private final IntervalFunction backoff;
    private final MeterRegistry meters;

    public DliJobBackend(DliSettings settings, Clock clock) {
        this(settings, clock, new SimpleMeterRegistry());
    }

    /** @param meters where calls to DLI are counted and timed: {@code dlirun.backend.calls}, {@code dlirun.backend.retries} */
    public DliJobBackend(DliSettings settings, Clock clock, MeterRegistry meters) {
        this.settings = settings;
        this.clock = clock;
        this.meters = meters;
        this.http = new DliHttp(settings, clock);
        this.calls = Executors.newFixedThreadPool(settings.concurrency(), daemonThreads());
        this.alarm = new CredentialsAlarm(settings.credentials());
        this.backoff = IntervalFunction.ofExponentialRandomBackoff(
                settings.firstBackoff().toMillis(), 2.0, 0.5, settings.maxBackoff().toMillis());
    }

    // ---------------------------------------------------------------------------------------------- lookups

    /** What one job-detail call came to. */
    private sealed interface Fetched {
        record Found(JobDetail detail) implements Fetched {
        }

        record Missing() implements Fetched {
        }

        record Refused(String reason) implements Fetched {
        }

        record Unavailable(String reason) implements Fetched {
        }
    }

    @Override
    public Map<JobId, JobLookupResult> findJobs(ProjectId projectId, List<JobId> jobIds, Deadline deadline) {
        Map<JobId, Future<Fetched>> pending = new LinkedHashMap<>();
        Map<String, String> context = MDC.getCopyOfContextMap();
        for (JobId id : jobIds) {
            pending.put(id, calls.submit(withContext(context, () -> fetch(projectId, id, deadline))));
        }
        Map<JobId, JobLookupResult> results = new HashMap<>(jobIds.size() * 2);
        try {
            for (var call : pending.entrySet()) {
                Fetched fetched = await(call.getValue(), deadline,
                        () -> new Fetched.Unavailable("DLI did not answer within the request's deadline"));
                results.put(call.getKey(), toLookupResult(fetched));
            }
        } finally {
            pending.values().forEach(call -> call.cancel(true));
        }
        return results;
    }

    @Override
    public Optional<JobDetail> findJob(ProjectId projectId, JobId id, Deadline deadline) {
        Fetched fetched = await(calls.submit(withContext(MDC.getCopyOfContextMap(), () -> fetch(projectId, id, deadline))),
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

    private Fetched fetch(ProjectId project, JobId id, Deadline deadline) {
        if (!hasTimeFor(deadline)) {
            return new Fetched.Unavailable("no time was left to ask DLI before the request's deadline");
        }
        DliHttp.Answer answer;
        try {
            answer = withRetries(lookupRetries(deadline), timed("lookup",
                    () -> http.exchange("GET", project, jobPath(project, id.toString()), null, callTimeout(deadline))));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Fetched.Unavailable("the lookup was abandoned at the request's deadline");
        } catch (IOException e) {
            return new Fetched.Unavailable("DLI could not be reached: " + describe(e));
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
        if (status == 404 || error.map(DliAnswers.DliError::code).filter(DliAnswers.DOES_NOT_EXIST::equals).isPresent()) {
            return new Fetched.Missing();
        }
        if (status == 401 || status == 403) {
            alarm.raise(status, error.map(Object::toString).orElse(""));
            throw new BackendCredentialsRejectedException("DLI answered HTTP " + status + " to a job lookup");
        }
        if (TRANSIENT.contains(status) || status >= 500) {
            return new Fetched.Unavailable("DLI answered HTTP " + status);
        }
        return new Fetched.Refused(error.map(Object::toString).orElse("DLI answered HTTP " + status + "."));
    }

    /**
     * Asks DLI for the detail of job 1 in the probe project, signed like every call: DLI answering at all, and not
     * with 401/403, means this instance can serve. Without a probe project, any answer below 500 will do.
     */
    @Override
    public void probe(Deadline deadline) {
        String project = settings.probeProject().orElse("dlirun-readiness-probe");
        DliHttp.Answer answer;
        try {
            answer = timed("probe", () -> http.exchange("GET", ProjectId.of(project), jobPath(ProjectId.of(project), "1"),
                    null, callTimeout(deadline))).send();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendUnavailableException("the readiness probe was interrupted");
        } catch (IOException e) {
            throw new BackendUnavailableException("DLI could not be reached: " + describe(e));
        }
        if (settings.probeProject().isPresent() && (answer.status() == 401 || answer.status() == 403)) {
            alarm.raise(answer.status(), DliAnswers.error(answer).map(Object::toString).orElse(""));
            throw new BackendCredentialsRejectedException("DLI answered HTTP " + answer.status() + " to the probe");
        }
        if (answer.status() >= 500) {
            throw new BackendUnavailableException("DLI answered HTTP " + answer.status());
        }
    }

    // ------------------------------------------------------------------------------------------ submissions

    @Override
    public Map<JobId, RunOutcome> submit(ProjectId projectId, List<Job> jobs, StartMode mode, Deadline deadline) {
        List<JobId> ids = jobs.stream().map(Job::id).toList();
        List<ChunkRun> runs = new ArrayList<>();
        Map<String, String> context = MDC.getCopyOfContextMap();
        for (int from = 0; from < ids.size(); from += settings.chunkSize()) {
            ChunkRun run = new ChunkRun(projectId, ids.subList(from, Math.min(ids.size(), from + settings.chunkSize())),
                    mode, deadline);
            run.future = calls.submit(withContext(context, run::call));
            runs.add(run);
        }
        Map<JobId, RunOutcome> outcomes = new HashMap<>(ids.size() * 2);
        try {
            for (ChunkRun run : runs) {
                outcomes.putAll(await(run.future, deadline, run::abandoned));
            }
        } finally {
            runs.forEach(run -> run.future.cancel(true));
        }
        return outcomes;
    }

    /** One batch-run call to DLI, for up to {@link DliSettings#chunkSize()} jobs. */
    private final class ChunkRun {
        private final ProjectId project;
        private final List<JobId> ids;
        private final StartMode mode;
        private final Deadline deadline;
        /** Whether a call is, or may have been, on its way to DLI. */
        private final AtomicBoolean mayHaveReachedDli = new AtomicBoolean();
        private Future<Map<JobId, RunOutcome>> future;

        ChunkRun(ProjectId project, List<JobId> ids, StartMode mode, Deadline deadline) {
            this.project = project;
            this.ids = ids;
            this.mode = mode;
            this.deadline = deadline;
        }

        Map<JobId, RunOutcome> call() {
            if (!hasTimeFor(deadline)) {
                return each(RunOutcome.BackendUnavailable::new);
            }
            byte[] body = DliAnswers.runRequest(ids, mode.resumesFromSavepoint());
            DliHttp.Answer answer;
            try {
                answer = withRetries(runRetries(deadline), timed("run", () -> {
                    mayHaveReachedDli.set(true);
                    try {
                        return http.exchange("POST", project, jobPath(project, "run"), body, callTimeout(deadline));
                    } catch (ConnectException | HttpConnectTimeoutException neverSent) {
                        mayHaveReachedDli.set(false);
                        throw neverSent;
                    }
                }));
            } catch (ConnectException | HttpConnectTimeoutException e) {
                LOG.warn("DLI could not be reached to run {} jobs of project {}: {}", ids.size(), project, describe(e));
                return each(RunOutcome.BackendUnavailable::new);
            } catch (HttpTimeoutException e) {
                return each(id -> new RunOutcome.SubmissionUncertain(id, "DLI did not answer in time"));
            } catch (IOException e) {
                LOG.warn("The call to run {} jobs of project {} failed midway: {}", ids.size(), project, describe(e));
                return each(id -> new RunOutcome.SubmissionUncertain(id, "the connection to DLI failed"));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return abandoned();
            }
            return interpret(answer);
        }

        private Map<JobId, RunOutcome> interpret(DliHttp.Answer answer) {
            int status = answer.status();
            if (status == 200) {
                try {
                    List<FlinkSuccessResponse> results = DliAnswers.runOutcomes(answer, ids.size());
                    Map<JobId, RunOutcome> outcomes = new HashMap<>();
                    for (int i = 0; i < ids.size(); i++) {
                        JobId id = ids.get(i);
                        FlinkSuccessResponse result = results.get(i);
                        outcomes.put(id, DliAnswers.delivered(result)
                                ? new RunOutcome.Submitted(id)
                                : new RunOutcome.BackendRefused(id, Optional.ofNullable(result.getMessage())
                                .filter(m -> !m.isBlank()).orElse("DLI refused to start job " + id + ".")));
                    }
                    return outcomes;
                } catch (DliAnswers.Unreadable e) {
                    return each(id -> new RunOutcome.SubmissionUncertain(id, e.getMessage()));
                }
            }
            Optional<DliAnswers.DliError> error = DliAnswers.error(answer);
            if (status == 401 || status == 403) {
                alarm.raise(status, error.map(Object::toString).orElse(""));
                return each(id -> new RunOutcome.BackendRefused(id,
                        "DLI refused this service's credentials; its operator must fix them."));
            }
            if (status == 429) {
                return each(id -> new RunOutcome.BackendRefused(id, "DLI is throttling requests (HTTP 429); job " + id
                        + " was not started. Retry later."));
            }
            if (status >= 500) {
                return each(id -> new RunOutcome.SubmissionUncertain(id, "DLI answered HTTP " + status));
            }
            return each(id -> new RunOutcome.BackendRefused(id,
                    error.map(Object::toString).orElse("DLI answered HTTP " + status + ".")));
        }

        /** The outcome of jobs whose call did not end by the deadline. */
        Map<JobId, RunOutcome> abandoned() {
            return mayHaveReachedDli.get()
                    ? each(id -> new RunOutcome.SubmissionUncertain(id, "DLI did not answer within the request's deadline"))
                    : each(RunOutcome.BackendUnavailable::new);
        }

        private Map<JobId, RunOutcome> each(java.util.function.Function<JobId, RunOutcome> outcome) {
            Map<JobId, RunOutcome> outcomes = new HashMap<>();
            ids.forEach(id -> outcomes.put(id, outcome.apply(id)));
            return outcomes;
        }
    }

    // ------------------------------------------------------------------------------------ calls and retries

    @FunctionalInterface
    private interface Exchange {
        DliHttp.Answer send() throws IOException, InterruptedException;
    }

    private static DliHttp.Answer withRetries(Retry retry, Exchange exchange) throws IOException, InterruptedException {
        try {
            return retry.executeCheckedSupplier(exchange::send);
        } catch (IOException | InterruptedException | RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** One exchange, counted and timed by operation and by what it came to: an HTTP status or a kind of failure. */
    private Exchange timed(String operation, Exchange exchange) {
        return () -> {
            long start = System.nanoTime();
            String outcome = "io_error";
            try {
                DliHttp.Answer answer = exchange.send();
                outcome = Integer.toString(answer.status());
                return answer;
            } catch (HttpTimeoutException e) {
                outcome = e instanceof HttpConnectTimeoutException ? "connect_timeout" : "timeout";
                throw e;
            } catch (ConnectException e) {
                outcome = "connection_refused";
                throw e;
            } catch (InterruptedException e) {
                outcome = "abandoned";
                throw e;
            } finally {
                Timer.builder("dlirun.backend.calls")
                        .description("Calls to DLI, by operation and by what they came to")
                        .tag("operation", operation).tag("outcome", outcome)
                        .register(meters).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            }
        };
    }

    private Retry counted(Retry retry, String operation) {
        retry.getEventPublisher().onRetry(event -> meters.counter("dlirun.backend.retries", "operation", operation)
                .increment());
        return retry;
    }

    private static <T> java.util.concurrent.Callable<T> withContext(Map<String, String> context,
                                                                   java.util.concurrent.Callable<T> task) {
        return () -> {
            if (context != null) {
                MDC.setContextMap(context);
            }
            try {
                return task.call();
            } finally {
                MDC.clear();
            }
        };
    }

    /** Lookups are idempotent: retried on any I/O failure and on transient statuses, within the deadline. */
    private Retry lookupRetries(Deadline deadline) {
        return counted(Retry.of("dli-lookup", RetryConfig.<DliHttp.Answer>custom()
                .maxAttempts(settings.maxAttempts())
                .retryOnException(e -> e instanceof IOException && hasTimeFor(deadline))
                .retryOnResult(answer -> TRANSIENT.contains(answer.status())
                        && waitBefore(answer).plus(LEAST_USEFUL_CALL).compareTo(deadline.remaining()) < 0)
                .intervalBiFunction((attempt, result) -> waitBefore(attempt, result, deadline))
                .failAfterMaxAttempts(false)
                .build()), "lookup");
    }

    /** A batch run is retried only when it never left this host: the connection was refused or never made. */
    private Retry runRetries(Deadline deadline) {
        return counted(Retry.of("dli-run", RetryConfig.<DliHttp.Answer>custom()
                .maxAttempts(settings.maxAttempts())
                .retryOnException(e -> (e instanceof ConnectException || e instanceof HttpConnectTimeoutException)
                        && hasTimeFor(deadline))
                .intervalBiFunction((attempt, result) -> waitBefore(attempt, result, deadline))
                .failAfterMaxAttempts(false)
                .build()), "run");
    }

    /** DLI's {@code Retry-After} when it gave one, exponential backoff with jitter otherwise; never past the deadline. */
    private long waitBefore(int attempt, Either<Throwable, DliHttp.Answer> result, Deadline deadline) {
        long wait = result.isRight()
                ? result.get().retryAfter(clock).map(Duration::toMillis).orElseGet(() -> backoff.apply(attempt))
                : backoff.apply(attempt);
        long left = deadline.remaining().minus(LEAST_USEFUL_CALL).toMillis();
        return Math.max(0, Math.min(wait, left));
    }

    private Duration waitBefore(DliHttp.Answer answer) {
        return answer.retryAfter(clock).orElse(settings.firstBackoff());
    }

    private boolean hasTimeFor(Deadline deadline) {
        return deadline.remaining().compareTo(LEAST_USEFUL_CALL) > 0;
    }

    private Duration callTimeout(Deadline deadline) {
        Duration left = deadline.remaining();
        Duration timeout = left.compareTo(settings.readTimeout()) < 0 ? left : settings.readTimeout();
        return timeout.isZero() ? Duration.ofMillis(1) : timeout;
    }

    private static <T> T await(Future<T> future, Deadline deadline, java.util.function.Supplier<T> late) {
        try {
            return future.get(deadline.remaining().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            return late.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            return late.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static String jobPath(ProjectId project, String last) {
        return "/v1.0/" + project.value() + "/streaming/jobs/" + last;
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : " (" + message + ")");
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "dli-call-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void close() {
        calls.shutdownNow();
    }
}
