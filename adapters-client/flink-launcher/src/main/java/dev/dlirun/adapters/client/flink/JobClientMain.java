package dev.dlirun.adapters.client.flink;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dlirun.adapters.client.local.runtime.LaunchRefusedException;

/**
 * The job client's own main method (see {@link JobClient}): reads launches from standard input, a line of JSON each,
 * plans or starts each job as the service would, submits it to the project's cluster, and answers each on a line of
 * its own: {@code submitted}, or {@code refused <reason>}. The jobs' class loaders' parent is Flink's (the system
 * class loader), never this code's.
 */
public final class JobClientMain {

    private JobClientMain() {
    }

    public static void main(String[] args) throws Exception {
        // The SQL planner warms up while the first launch is on its way.
        Thread warmUp = new Thread(ServiceCluster::warmUpPlanner, "job-client-planner-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
        ObjectMapper json = new ObjectMapper();
        java.io.BufferedReader requests = new java.io.BufferedReader(new java.io.InputStreamReader(System.in,
                java.nio.charset.StandardCharsets.UTF_8));
        String line;
        while ((line = requests.readLine()) != null) {
            if (!line.isBlank()) {
                answer(launch(json, line));
            }
        }
        System.exit(0);
    }

    private static String launch(ObjectMapper json, String line) {
        try {
            JobClient.Request request = JobClient.Request.read(json.readTree(line));
            try (JobSubmitter submitter = new JobSubmitter(request.settings(), JobClient.policy(request.settings()),
                    ClassLoader.getSystemClassLoader())) {
                submitter.submit(request.launch(), request.rest(), slots -> { });
            }
            return "submitted";
        } catch (LaunchRefusedException e) {
            return "refused " + e.getMessage().replace('\n', ' ');
        } catch (Exception | LinkageError e) {
            return "refused The job could not be launched: " + e.getClass().getSimpleName() + ": "
                    + String.valueOf(e.getMessage()).replace('\n', ' ');
        }
    }

    private static void answer(String answer) {
        System.out.flush();
        // The answer on a line of its own, whatever the job's code printed without a line end before it.
        System.out.println();
        System.out.println(JobClient.ANSWER + answer);
        System.out.flush();
    }
}
