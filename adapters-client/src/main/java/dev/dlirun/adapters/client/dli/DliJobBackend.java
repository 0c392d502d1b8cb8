package dev.dlirun.adapters.client.dli;

import dev.dlirun.adapters.client.generated.model.FlinkSuccessResponse;
import dev.dlirun.domain.model.BackendCredentialsRejectedException;
import dev.dlirun.domain.outcome.JobOperation;
import dev.dlirun.domain.outcome.JobOutcome;
import dev.dlirun.domain.definition.JobPage;
import dev.dlirun.domain.definition.JobQuery;
import dev.dlirun.domain.definition.NewJob;
import dev.dlirun.domain.model.BackendUnavailableException;
import dev.dlirun.domain.model.DuplicateJobNameException;
import dev.dlirun.domain.model.JobFields;
import dev.dlirun.domain.model.JobType;
import dev.dlirun.domain.port.out.JobDefinitions;
import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.Job;
import dev.dlirun.domain.model.JobNotFoundException;
import dev.dlirun.domain.model.OperationNotAllowedException;
import dev.dlirun.domain.model.JobDetail;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.port.out.BackendProbe;
import dev.dlirun.domain.port.out.JobDetailLookup;
import dev.dlirun.domain.port.out.JobLookup;
import dev.dlirun.domain.port.out.JobLookupResult;
import dev.dlirun.domain.port.out.JobStateWatch;
import dev.dlirun.domain.port.out.JobStopping;
import dev.dlirun.domain.port.out.JobSubmission;
import dev.dlirun.domain.port.out.SavepointControl;
import dev.dlirun.domain.run.StartMode;
import dev.dlirun.domain.stop.StopMode;
import dev.dlirun.domain.wait.JobState;
import dev.dlirun.domain.wait.Settling;
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
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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
 * {@link JobOutcome.Uncertain}, so that nothing is ever submitted twice.
 */
public final class DliJobBackend implements JobLookup, JobSubmission, JobStopping, SavepointControl, JobDetailLookup,
        JobDefinitions,
        JobStateWatch, BackendProbe, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DliJobBackend.class);
    private static final Set<Integer> TRANSIENT = Set.of(429, 502, 503, 504);
    private static final Duration LEAST_USEFUL_CALL = Duration.ofMillis(20);

    private final DliSettings settings;
    private final DliHttp http;
    private final Clock clock;
    private final ExecutorService calls;
    /** Schedules the polls of waits; the polls' calls run on {@link #calls}. */
    private final java.util.concurrent.ScheduledExecutorService waits;
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
        this.waits = Executors.newScheduledThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "dli-wait");
            thread.setDaemon(true);
            return thread;
        });
        this.alarm = new CredentialsAlarm(settings.credentials());
        this.backoff = IntervalFunction.ofExponentialRandomBackoff(
                settings.firstBackoff().toMillis(), 2.0, 0.5, settings.maxBackoff().toMillis());
    }

    /** Lookups the start-up warm-up rehearses: enough for the JIT to compile a batch's path. */
    private static final int WARM_UP_LOOKUPS = 1000;

    /** Whether {@link #warmUp} is under way: the instance is not ready until it ends. */
    private volatile boolean warmingUp;

    /**
     * Has the JIT compile what a batch does (signing, the pool of calls, the HTTP client, reading DLI's answers) before
     * the first caller needs it: batches of lookups and runs rehearsed against canned answers on loopback (see
     * {@link DliWarmUp}), on a thread of its own; nothing is sent to DLI. Answers at once; until the rehearsal ends
     * (about two seconds on two cores), {@link #probe} says the instance is not ready, so that traffic sent by readiness finds it warm.
     */
    public void warmUp() {
        warmingUp = true;
        Thread thread = new Thread(() -> {
            long start = System.nanoTime();
            try {
                int calls = warmUpNow(WARM_UP_LOOKUPS);
                LOG.debug("The DLI client warmed up in {} ms ({} calls rehearsed on loopback)",
                        (System.nanoTime() - start) / 1_000_000, calls);
            } catch (RuntimeException e) {
                LOG.warn("The DLI client's warm-up failed; the first batches may be slower: {}", e.toString());
            } finally {
                warmingUp = false;
            }
        }, "dli-warm-up");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
    }

    /**
     * {@link #warmUp}'s work, about {@code lookups} lookups of it (and their batches' runs), on the caller's thread;
     * answers how many calls the rehearsal's loopback DLI answered.
     *
     * @throws UncheckedIOException when no loopback address can be listened on
     */
    public int warmUpNow(int lookups) {
        try {
            return DliWarmUp.rehearse(settings, clock, lookups);
        } catch (IOException e) {
            throw new UncheckedIOException("the warm-up could not listen on loopback: " + e.getMessage(), e);
        }
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
        if (status == 404 || error.map(DliAnswers.DliError::code).filter(DliAnswers.DOES_NOT_EXIST::contains).isPresent()) {
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
     * with 401/403, means this instance can serve. Without a probe project, any answer below 500 will do. While the
     * start-up warm-up runs, the instance is not ready, and DLI is not asked.
     */
    @Override
    public void probe(Deadline deadline) {
        if (warmingUp) {
            throw new BackendUnavailableException("the DLI client is warming up (it ends a few seconds after start)");
        }
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

    // ---------------------------------------------------------------------------------- submissions and stops

    @Override
    public Map<JobId, JobOutcome> submit(ProjectId projectId, List<Job> jobs, StartMode mode, Deadline deadline) {
        return inChunks(projectId, ids(jobs), JobOperation.RUN,
                ids -> DliAnswers.runRequest(ids, mode.resumesFromSavepoint()), deadline);
    }

    /** Stops go to DLI's batch stop as runs go to its batch run: in chunks, in parallel, never blindly retried. */
    @Override
    public Map<JobId, JobOutcome> stop(ProjectId projectId, List<Job> jobs, StopMode mode, Deadline deadline) {
        return inChunks(projectId, ids(jobs), JobOperation.STOP,
                ids -> DliAnswers.stopRequest(ids, mode.takesSavepoint()), deadline);
    }

    private static List<JobId> ids(List<Job> jobs) {
        return jobs.stream().map(Job::id).toList();
    }

    private Map<JobId, JobOutcome> inChunks(ProjectId projectId, List<JobId> ids, JobOperation operation,
                                            java.util.function.Function<List<JobId>, byte[]> body, Deadline deadline) {
        List<ChunkCall> chunks = new ArrayList<>();
        Map<String, String> context = MDC.getCopyOfContextMap();
        for (int from = 0; from < ids.size(); from += settings.chunkSize()) {
            List<JobId> chunk = ids.subList(from, Math.min(ids.size(), from + settings.chunkSize()));
            ChunkCall call = new ChunkCall(projectId, chunk, operation, body.apply(chunk), deadline);
            call.future = calls.submit(withContext(context, call::call));
            chunks.add(call);
        }
        Map<JobId, JobOutcome> answers = new HashMap<>(ids.size() * 2);
        try {
            for (ChunkCall call : chunks) {
                answers.putAll(await(call.future, deadline, call::abandoned));
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
            if (!hasTimeFor(deadline)) {
                return each(this::unavailable);
            }
            DliHttp.Answer answer;
            try {
                answer = sendOnce(project, "POST", jobPath(project, operation), body, deadline, operation, mayHaveReachedDli);
            } catch (ConnectException | HttpConnectTimeoutException e) {
                LOG.warn("DLI could not be reached to {} {} jobs of project {}: {}", operation, ids.size(), project,
                        describe(e));
                return each(this::unavailable);
            } catch (HttpTimeoutException e) {
                return each(id -> uncertain(id, "DLI did not answer in time"));
            } catch (IOException e) {
                LOG.warn("The call to {} {} jobs of project {} failed midway: {}", operation, ids.size(), project,
                        describe(e));
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
                alarm.raise(status, error.map(Object::toString).orElse(""));
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

        private Map<JobId, JobOutcome> each(java.util.function.Function<JobId, JobOutcome> outcome) {
            Map<JobId, JobOutcome> answers = new HashMap<>();
            ids.forEach(id -> answers.put(id, outcome.apply(id)));
            return answers;
        }
    }

    /**
     * A POST that changes something at DLI: retried only when it provably never left this host (the connection was
     * refused or never made). {@code mayHaveReachedDli} says, at any moment, whether it may be on its way.
     */
    private DliHttp.Answer sendOnce(ProjectId project, String method, String path, byte[] body, Deadline deadline,
                                    String operation, AtomicBoolean mayHaveReachedDli)
            throws IOException, InterruptedException {
        return withRetries(changeRetries(deadline, operation), timed(operation, () -> {
            mayHaveReachedDli.set(true);
            try {
                return http.exchange(method, project, path, body, callTimeout(deadline));
            } catch (ConnectException | HttpConnectTimeoutException neverSent) {
                mayHaveReachedDli.set(false);
                throw neverSent;
            }
        }));
    }

    // ----------------------------------------------------------------------------------------------- waiting

    /** How often a wait asks DLI again about the jobs that have not settled yet. */
    private static final Duration POLL = Duration.ofSeconds(1);

    /**
     * DLI tells no one when a job changes: a wait asks for the detail of each job that has not settled, once every
     * {@link #POLL}, on the bounded pool of calls to DLI, and never past {@code atMost}. No request thread waits.
     */
    @Override
    public CompletionStage<Map<JobId, JobState>> awaitSettled(ProjectId projectId, Collection<JobId> report,
                                                              Collection<JobId> waitFor, Settling settling,
                                                              Duration atMost) {
        CompletableFuture<Map<JobId, JobState>> answer = new CompletableFuture<>();
        Deadline deadline = Deadline.after(atMost);
        Set<JobId> pending = new HashSet<>(waitFor);
        Map<JobId, Optional<JobState>> known = new HashMap<>();
        Runnable poll = new Runnable() {
            @Override
            public void run() {
                try {
                    if (!pending.isEmpty()) {
                        known.putAll(states(projectId, pending, deadline));
                        // Settled, or gone; a job DLI could not tell about this time is asked about again.
                        pending.removeIf(id -> known.containsKey(id)
                                && known.get(id).map(state -> settling.settled(state.status())).orElse(true));
                    }
                    if (!pending.isEmpty() && deadline.remaining().compareTo(POLL) > 0) {
                        waits.schedule(this, POLL.toMillis(), TimeUnit.MILLISECONDS);
                        return;
                    }
                    Set<JobId> others = new HashSet<>(report);
                    others.removeAll(waitFor);
                    known.putAll(states(projectId, others, Deadline.after(settings.readTimeout())));
                    Map<JobId, JobState> states = new HashMap<>();
                    report.forEach(id -> known.getOrDefault(id, Optional.empty())
                            .ifPresent(state -> states.put(id, state)));
                    answer.complete(states);
                } catch (RuntimeException e) {
                    answer.completeExceptionally(e);
                }
            }
        };
        waits.execute(poll);
        return answer;
    }

    /**
     * The state of each job as DLI says it now: empty for a job that does not exist; a job DLI could not tell about
     * in time is left out.
     */
    private Map<JobId, Optional<JobState>> states(ProjectId project, Collection<JobId> ids, Deadline deadline) {
        Map<JobId, Future<Fetched>> asked = new LinkedHashMap<>();
        for (JobId id : ids) {
            asked.put(id, calls.submit(() -> fetch(project, id, deadline)));
        }
        Map<JobId, Optional<JobState>> states = new HashMap<>();
        asked.forEach((id, call) -> {
            Fetched fetched = await(call, deadline, () -> new Fetched.Unavailable("late"));
            if (fetched instanceof Fetched.Found found) {
                states.put(id, Optional.of(new JobState(id, found.detail().job().status(),
                        found.detail().statusDesc())));
            } else if (fetched instanceof Fetched.Missing) {
                states.put(id, Optional.empty());
            }
        });
        return states;
    }

    // ------------------------------------------------------------------------------------------- savepoints

    @Override
    public void triggerSavepoint(ProjectId projectId, JobId id, Optional<String> directory, Deadline deadline) {
        perJob(projectId, id, "savepoint", DliAnswers.triggerRequest(directory), "trigger a savepoint of", deadline);
    }

    @Override
    public void importSavepoint(ProjectId projectId, JobId id, String path, Deadline deadline) {
        perJob(projectId, id, "import-savepoint", DliAnswers.importRequest(id, path), "import a savepoint into",
                deadline);
    }

    /**
     * One per-job POST to DLI, sent once (retried only when it never left this host). DLI's refusals reach the caller
     * as DLI said them: a job that does not exist, parameters it refuses, an operation its status does not allow.
     */
    private void perJob(ProjectId project, JobId id, String operation, byte[] body, String what, Deadline deadline) {
        DliHttp.Answer answer = call(project, "POST", jobPath(project, id + "/" + operation), body, operation,
                what + " job " + id, Optional.of(id), false, deadline);
        requireSuccess(answer, what + " job " + id);
    }

    /** Throws DLI's refusal when a 200 answer's {@code is_success} is not {@code "true"}. */
    private static void requireSuccess(DliHttp.Answer answer, String what) {
        FlinkSuccessResponse outcome;
        try {
            outcome = DliAnswers.outcome(answer);
        } catch (DliAnswers.Unreadable e) {
            throw new BackendUnavailableException(e.getMessage());
        }
        if (!DliAnswers.delivered(outcome)) {
            throw new OperationNotAllowedException(Optional.ofNullable(outcome.getMessage())
                    .filter(m -> !m.isBlank()).orElse("DLI refused to " + what + "."));
        }
    }

    /**
     * One call to DLI on the bounded pool, within the deadline: an idempotent one (GET, PUT, DELETE) retried as a
     * lookup is, any other sent once (retried only when it never left this host). Answers DLI's 200; DLI's refusals
     * reach the caller as DLI said them: a job that does not exist ({@code job}'s), a name taken, parameters it
     * refuses, an operation its status does not allow.
     *
     * @param what what the call does, for messages (e.g. {@code delete job 131})
     */
    private DliHttp.Answer call(ProjectId project, String method, String path, byte[] body, String operation,
                                String what, Optional<JobId> job, boolean idempotent, Deadline deadline) {
        DliHttp.Answer answer;
        try {
            Future<DliHttp.Answer> call = calls.submit(withContext(MDC.getCopyOfContextMap(), () -> idempotent
                    ? withRetries(lookupRetries(deadline), timed(operation,
                            () -> http.exchange(method, project, path, body, callTimeout(deadline))))
                    : sendOnce(project, method, path, body, deadline, operation, new AtomicBoolean())));
            answer = await(call, deadline, () -> null);
        } catch (RuntimeException e) {
            if (e.getCause() instanceof ConnectException || e.getCause() instanceof HttpConnectTimeoutException) {
                throw new BackendUnavailableException("DLI could not be reached: " + describe(e.getCause()));
            }
            throw new BackendUnavailableException("the call to " + what + " may or may not have reached DLI ("
                    + describe(e.getCause() == null ? e : e.getCause()) + "); check before trying again");
        }
        if (answer == null) {
            throw new BackendUnavailableException("DLI did not answer within the request's deadline; the call to "
                    + what + " may or may not have reached it");
        }
        int status = answer.status();
        if (status == 200) {
            return answer;
        }
        Optional<DliAnswers.DliError> error = DliAnswers.error(answer);
        if (job.isPresent() && (status == 404 || error.map(DliAnswers.DliError::code)
                .filter(DliAnswers.DOES_NOT_EXIST::contains).isPresent())) {
            throw new JobNotFoundException(job.get());
        }
        if (status == 401 || status == 403) {
            alarm.raise(status, error.map(Object::toString).orElse(""));
            throw new BackendCredentialsRejectedException("DLI answered HTTP " + status + " to a call to " + what);
        }
        if (status == 429 || status >= 500) {
            throw new BackendUnavailableException("DLI answered HTTP " + status);
        }
        if (error.map(DliAnswers.DliError::code).filter(DliAnswers.NAME_TAKEN::equals).isPresent()) {
            throw new DuplicateJobNameException(error.get().message());
        }
        throw new OperationNotAllowedException(error.map(Object::toString)
                .orElse("DLI answered HTTP " + status + "."));
    }

    // ---------------------------------------------------------------------------------------- job definitions

    @Override
    public NewJob create(ProjectId projectId, JobType type, JobFields fields, Deadline deadline) {
        DliHttp.Answer answer = call(projectId, "POST", definitionPath(projectId, type, Optional.empty()),
                DliAnswers.createRequest(type, fields), "create", "create a job", Optional.empty(), false, deadline);
        requireSuccess(answer, "create a job");
        try {
            return DliAnswers.created(answer);
        } catch (DliAnswers.Unreadable e) {
            throw new BackendUnavailableException("DLI's answer to a create cannot be read (" + e.getMessage()
                    + "); the job may have been created: list the project's jobs before trying again");
        }
    }

    /** An update is a merge at DLI too: what the caller set is forwarded, nothing else. PUT is idempotent. */
    @Override
    public Instant update(ProjectId projectId, JobId id, boolean jarEndpoint, JobFields changes, Deadline deadline) {
        JobType endpoint = jarEndpoint ? JobType.FLINK_JAR_JOB : JobType.FLINK_OPENSOURCE_SQL_JOB;
        DliHttp.Answer answer = call(projectId, "PUT", definitionPath(projectId, endpoint, Optional.of(id)),
                DliAnswers.updateRequest(changes), "update", "update job " + id, Optional.of(id), true, deadline);
        requireSuccess(answer, "update job " + id);
        try {
            return DliAnswers.updated(answer, clock.instant());
        } catch (DliAnswers.Unreadable e) {
            throw new BackendUnavailableException(e.getMessage());
        }
    }

    @Override
    public JobPage list(JobQuery query, Deadline deadline) {
        ProjectId project = query.projectId();
        DliHttp.Answer answer = call(project, "GET", "/v1.0/" + project.value() + "/streaming/jobs"
                + DliAnswers.listQuery(query), null, "list", "list jobs", Optional.empty(), true, deadline);
        try {
            return DliAnswers.page(project, answer);
        } catch (DliAnswers.Unreadable e) {
            throw new BackendUnavailableException(e.getMessage());
        }
    }

    /**
     * One job: DLI's per-job delete (a job it does not have is {@link JobOutcome.NotFound}); more: its batch
     * delete, in chunks as runs go, never blindly retried.
     */
    @Override
    public Map<JobId, JobOutcome> delete(ProjectId projectId, List<JobId> ids, Deadline deadline) {
        if (ids.size() == 1) {
            JobId id = ids.get(0);
            try {
                DliHttp.Answer answer = call(projectId, "DELETE", jobPath(projectId, id.toString()), null, "delete",
                        "delete job " + id, Optional.of(id), true, deadline);
                requireSuccess(answer, "delete job " + id);
                return Map.of(id, new JobOutcome.Delivered(JobOperation.DELETE, id));
            } catch (JobNotFoundException e) {
                return Map.of(id, new JobOutcome.NotFound(id));
            } catch (OperationNotAllowedException | DuplicateJobNameException e) {
                return Map.of(id, new JobOutcome.BackendRefused(id, Optional.ofNullable(e.getMessage())
                        .filter(m -> !m.isBlank()).orElse("DLI refused to delete job " + id + ".")));
            }
        }
        return inChunks(projectId, ids, JobOperation.DELETE, DliAnswers::deleteRequest, deadline);
    }

    private static String definitionPath(ProjectId project, JobType type, Optional<JobId> id) {
        return "/v1.0/" + project.value() + "/streaming/" + (type == JobType.FLINK_JAR_JOB ? "flink-jobs" : "sql-jobs")
                + id.map(job -> "/" + job).orElse("");
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

    /** A change (run, stop, savepoint) is retried only when it never left this host: the connection was refused. */
    private Retry changeRetries(Deadline deadline, String operation) {
        return counted(Retry.of("dli-" + operation, RetryConfig.<DliHttp.Answer>custom()
                .maxAttempts(settings.maxAttempts())
                .retryOnException(e -> (e instanceof ConnectException || e instanceof HttpConnectTimeoutException)
                        && hasTimeFor(deadline))
                .intervalBiFunction((attempt, result) -> waitBefore(attempt, result, deadline))
                .failAfterMaxAttempts(false)
                .build()), operation);
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
        waits.shutdownNow();
        calls.shutdownNow();
    }
}
