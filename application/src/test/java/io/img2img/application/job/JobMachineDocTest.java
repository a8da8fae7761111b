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
                .noneMatch(t -> (t.from() == JobState.SUBMITTING || t.from() == JobState.SUBMITTED)
                        && (t.to() == JobState.QUEUED || t.to() == JobState.CLAIMED));
    }
}
