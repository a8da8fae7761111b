package io.img2img.application.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.img2img.application.port.out.JobState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** docs/jobs.md draws the table in code, and the table itself holds together. */
class JobMachineDocTest {
    @Test
    void theDiagramInTheDocsIsTheTableInCode() throws Exception {
        String doc = Files.readString(Path.of("../docs/jobs.md"));
        int start = doc.indexOf("```mermaid\n");
        assertThat(start).as("docs/jobs.md has a mermaid block").isNotNegative();
        int end = doc.indexOf("```", start + 11);
        assertThat(doc.substring(start + 11, end)).isEqualTo(JobMachine.mermaid());
    }

    @Test
    void everyStateIsReachedFromAcceptanceAndOnlyTerminalStatesHaveNoWayOnButTheirOwn() {
        Set<JobState> reached = EnumSet.noneOf(JobState.class);
        JobMachine.transitions().stream().filter(t -> t.from() == null).forEach(t -> reached.add(t.to()));
        for (int i = 0; i < JobState.values().length; i++) {
            JobMachine.transitions().stream()
                    .filter(t -> reached.contains(t.from()))
                    .forEach(t -> reached.add(t.to()));
        }
        assertThat(reached).containsExactlyInAnyOrder(JobState.values());
        for (JobMachine.Transition t : JobMachine.transitions()) {
            if (t.from() != null && t.from().terminal()) {
                assertThat(t.to()).as("an ended job never changes state").isEqualTo(t.from());
            }
        }
        assertThat(JobMachine.next(JobState.SUBMITTING, JobEvent.LEASE_EXPIRED))
                .as("never sent again")
                .hasValue(JobState.OUTCOME_UNKNOWN);
        assertThat(JobMachine.transitions())
                .as("nothing goes back to before the paid POST")
                .noneMatch(t -> (t.from() == JobState.SUBMITTING
                                || t.from() == JobState.SUBMITTED
                                || t.from() == JobState.CANCELING)
                        && (t.to() == JobState.QUEUED || t.to() == JobState.CLAIMED));
    }

    @Test
    void aBackendsCancelIsAskedOnlyOfASubmittedJobAndNeverAgainAndTheJobEndsAsTheBackendSays() {
        assertThat(JobMachine.sources(JobEvent.REQUEST_CANCEL))
                .as("only a job with a backend job id, not yet asked to cancel")
                .containsExactly(JobState.SUBMITTED);
        assertThat(JobMachine.next(JobState.SUBMITTED, JobEvent.REQUEST_CANCEL)).hasValue(JobState.CANCELING);
        assertThat(JobMachine.next(JobState.CANCELING, JobEvent.REQUEST_CANCEL))
                .as("a second request moves nothing: its caller sends nothing")
                .isEmpty();
        assertThat(JobMachine.next(JobState.SUBMITTING, JobEvent.REQUEST_CANCEL))
                .as("no backend job id yet")
                .isEmpty();
        assertThat(JobMachine.next(JobState.CANCELING, JobEvent.CANCEL))
                .as("never canceled in the ledger alone: the backend says how it ended")
                .isEmpty();
        assertThat(JobMachine.next(JobState.CANCELING, JobEvent.TAKE_OVER))
                .as("taken over like a submitted job, in its state")
                .hasValue(JobState.CANCELING);
        assertThat(JobMachine.next(JobState.CANCELING, JobEvent.PROGRESS)).hasValue(JobState.CANCELING);
        assertThat(JobMachine.next(JobState.CANCELING, JobEvent.LEASE_EXPIRED))
                .as("never swept: taken over and followed")
                .isEmpty();
        assertThat(JobMachine.endsFrom(JobState.CANCELED)).contains(JobState.CANCELING);
        assertThat(JobMachine.endsFrom(JobState.SUCCESS))
                .as("it ended before the cancel")
                .contains(JobState.CANCELING);
        assertThat(JobMachine.endsFrom(JobState.FAILURE)).contains(JobState.CANCELING);
        assertThat(JobPolicy.cancellable()).doesNotContain(JobState.SUBMITTED, JobState.CANCELING);
        assertThat(JobState.CANCELING.held()).isTrue();
        assertThat(JobState.CANCELING.terminal()).isFalse();
    }
}
