package dev.dlirun.adapters.client.flink;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dlirun.adapters.client.local.runtime.LaunchRefusedException;

/**
 * The job client's own main method (see {@link JobClient}): reads the launch from standard input, plans or starts the
 * job as the service would, submits it to the project's cluster, and answers on the last line of its output:
 * {@code submitted}, or {@code refused <reason>}. The job's class loaders' parent is Flink's (the system class loader),
 * never this code's.
 */
public final class JobClientMain {

    private JobClientMain() {
    }

    public static void main(String[] args) throws Exception {
        JobClient.Request request = JobClient.Request.read(new ObjectMapper().readTree(System.in));
        JobSubmitter submitter = new JobSubmitter(request.settings(), JobClient.policy(request.settings()),
                ClassLoader.getSystemClassLoader());
        String answer;
        try {
            submitter.submit(request.launch(), request.rest(), slots -> { });
            answer = "submitted";
        } catch (LaunchRefusedException e) {
            answer = "refused " + e.getMessage().replace('\n', ' ');
        } catch (RuntimeException e) {
            answer = "refused The job could not be launched: " + e.getClass().getSimpleName() + ": "
                    + String.valueOf(e.getMessage()).replace('\n', ' ');
        }
        System.out.flush();
        // The answer on a line of its own, whatever the job's code printed without a line end before it.
        System.out.println();
        System.out.println(JobClient.ANSWER + answer);
        System.out.flush();
        System.exit(0);
    }
}
