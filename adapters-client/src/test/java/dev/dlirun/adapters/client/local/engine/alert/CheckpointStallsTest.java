package dev.dlirun.adapters.client.local.engine.alert;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CheckpointStallsTest {

    private static final long MINUTE = 60_000;
    private static final Duration TEN_SECONDS = Duration.ofSeconds(10);

    @Test
    void aLaunchWithoutACompletedCheckpointForAWindowSinceItRanIsOneStallHoweverLongItLasts() {
        CheckpointStalls<String> stalls = new CheckpointStalls<>(Duration.ofMinutes(10));
        stalls.running("a", 0, TEN_SECONDS);

        assertThat(stalls.looked("a", 9 * MINUTE, OptionalLong.empty())).isEmpty();
        assertThat(stalls.looked("a", 10 * MINUTE, OptionalLong.empty()))
                .contains(new CheckpointStalls.Stall(0, false, Duration.ofMinutes(10)));
        assertThat(LongStream.range(11, 100).mapToObj(m -> stalls.looked("a", m * MINUTE, OptionalLong.empty()))
                .filter(java.util.Optional::isPresent)).isEmpty();
        assertThat(stalls.stalled("a")).isTrue();
    }

    @Test
    void checkpointsThatKeepCompletingAreNoStall() {
        CheckpointStalls<String> stalls = new CheckpointStalls<>(Duration.ofMinutes(10));
        stalls.running("a", 0, TEN_SECONDS);

        assertThat(LongStream.range(1, 100).mapToObj(m -> stalls.looked("a", m * MINUTE,
                OptionalLong.of(m * MINUTE - 30_000))).filter(java.util.Optional::isPresent)).isEmpty();
    }

    @Test
    void theWindowCountsFromTheLatestCompletedCheckpointAndAStallAfterACompletionIsANewEpisode() {
        CheckpointStalls<String> stalls = new CheckpointStalls<>(Duration.ofMinutes(10));
        stalls.running("a", 0, TEN_SECONDS);

        assertThat(stalls.looked("a", 12 * MINUTE, OptionalLong.of(5 * MINUTE))).isEmpty();
        assertThat(stalls.looked("a", 15 * MINUTE, OptionalLong.of(5 * MINUTE)))
                .contains(new CheckpointStalls.Stall(5 * MINUTE, true, Duration.ofMinutes(10)));
        assertThat(stalls.looked("a", 16 * MINUTE, OptionalLong.of(16 * MINUTE))).isEmpty();
        assertThat(stalls.stalled("a")).isFalse();
        assertThat(stalls.looked("a", 25 * MINUTE, OptionalLong.of(16 * MINUTE))).isEmpty();
        assertThat(stalls.looked("a", 26 * MINUTE, OptionalLong.of(16 * MINUTE)))
                .contains(new CheckpointStalls.Stall(16 * MINUTE, true, Duration.ofMinutes(10)));
    }

    @Test
    void aCheckpointCompletedBeforeTheLaunchWasSeenRunningDoesNotShortenTheWindow() {
        CheckpointStalls<String> stalls = new CheckpointStalls<>(Duration.ofMinutes(10));
        stalls.running("a", 60 * MINUTE, TEN_SECONDS);

        assertThat(stalls.looked("a", 61 * MINUTE, OptionalLong.of(MINUTE))).isEmpty();
        assertThat(stalls.looked("a", 70 * MINUTE, OptionalLong.of(MINUTE)))
                .contains(new CheckpointStalls.Stall(60 * MINUTE, false, Duration.ofMinutes(10)));
    }

    @Test
    void checkpointsAreDueForALookFourTimesAWindowAndOnlyWhileTheLaunchIsWatched() {
        CheckpointStalls<String> stalls = new CheckpointStalls<>(Duration.ofMinutes(8));
        assertThat(stalls.due("a", 0)).isFalse();
        stalls.running("a", 0, TEN_SECONDS);

        assertThat(stalls.due("a", 0)).isTrue();
        stalls.looked("a", 0, OptionalLong.empty());
        assertThat(stalls.due("a", 2 * MINUTE - 1)).isFalse();
        assertThat(stalls.due("a", 2 * MINUTE)).isTrue();
        stalls.forget("a");
        assertThat(stalls.due("a", 3 * MINUTE)).isFalse();
    }

    @Test
    void aJobsWindowIsAtLeastThreeOfItsCheckpointIntervals() {
        CheckpointStalls<String> stalls = new CheckpointStalls<>(Duration.ofMinutes(10));
        assertThat(stalls.windowOf(TEN_SECONDS)).isEqualTo(Duration.ofMinutes(10));
        assertThat(stalls.windowOf(Duration.ofMinutes(5))).isEqualTo(Duration.ofMinutes(15));

        stalls.running("a", 0, Duration.ofMinutes(5));
        assertThat(stalls.looked("a", 14 * MINUTE, OptionalLong.empty())).isEmpty();
        assertThat(stalls.looked("a", 15 * MINUTE, OptionalLong.empty())).isPresent();
    }

    @Test
    void aLaunchThatRunsAgainAfterItStoppedRunningIsWatchedFromThenAndEachLaunchHasItsOwnWindow() {
        CheckpointStalls<String> stalls = new CheckpointStalls<>(Duration.ofMinutes(10));
        stalls.running("a", 0, TEN_SECONDS);
        stalls.running("b", 5 * MINUTE, TEN_SECONDS);
        stalls.forget("a");
        stalls.running("a", 8 * MINUTE, TEN_SECONDS);

        assertThat(stalls.looked("a", 12 * MINUTE, OptionalLong.empty())).isEmpty();
        assertThat(stalls.looked("b", 15 * MINUTE, OptionalLong.empty())).isPresent();
        assertThat(stalls.looked("a", 18 * MINUTE, OptionalLong.empty())).isPresent();
    }

    @Test
    void aStallThatCouldNotBeReportedIsAnsweredAgainAtTheNextLook() {
        CheckpointStalls<String> stalls = new CheckpointStalls<>(Duration.ofMinutes(10));
        stalls.running("a", 0, TEN_SECONDS);
        assertThat(stalls.looked("a", 10 * MINUTE, OptionalLong.empty())).isPresent();

        stalls.unreported("a");

        assertThat(stalls.looked("a", 13 * MINUTE, OptionalLong.empty()))
                .contains(new CheckpointStalls.Stall(0, false, Duration.ofMinutes(10)));
        assertThat(stalls.looked("a", 16 * MINUTE, OptionalLong.empty())).isEmpty();
    }

    @Test
    void aWindowMustBePositive() {
        assertThatThrownBy(() -> new CheckpointStalls<String>(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
