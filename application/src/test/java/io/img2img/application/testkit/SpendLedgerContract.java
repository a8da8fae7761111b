package io.img2img.application.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.img2img.application.port.out.Acceptance;
import io.img2img.application.port.out.Acceptance.Outcome;
import io.img2img.application.port.out.CancelOutcome;
import io.img2img.application.port.out.JobEnd;
import io.img2img.application.port.out.JobLedger;
import io.img2img.application.port.out.JobState;
import io.img2img.application.port.out.LedgerJob;
import io.img2img.application.port.out.LedgerUsage;
import io.img2img.application.port.out.NewJob;
import io.img2img.application.port.out.UsageDay;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Test kit: what every {@link JobLedger} must do with money (SPEC §6 {@code GET /v1/usage}, {@code
 * IMG2IMG_DAILY_CREATIVE_UNITS}), one suite run against each of them: priced jobs charged to their UTC day, a daily
 * budget never passed (not even by two processes racing for its last units), replays never charged twice, units given
 * back by jobs that provably cost nothing, units spent as the backend billed them, and the report per day. Run as part
 * of {@link JobLedgerContract}, which every ledger's suite extends.
 */
public abstract class SpendLedgerContract {
    protected static final String SCENARIO = "scenario https://api.example.test/v1 key:5f2b";
    private static final Map<String, Object> REQUEST = Map.of("modelId", "flux.1-dev", "prompt", "a lighthouse");

    /** The ledger under test: one per test, on a database of its own. */
    protected abstract JobLedger ledger();

    /** Another process's ledger on the same database ({@link #ledger()} itself for a ledger in memory). */
    protected abstract JobLedger otherProcess();

    /** As if the job had been created and last changed {@code age} ago. */
    protected abstract void age(String jobId, Duration age) throws Exception;

    @Test
    public void aDailyBudgetAcceptsUpToItsUnitsAndRefusesPastThemWithTheTimeUntilTheNextDay() {
        assertThat(accept(claimed(5.0, 12.0)).outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(accept(queued(5.0, 12.0)).outcome()).isEqualTo(Outcome.ACCEPTED);
        NewJob third = queued(5.0, 12.0);
        Acceptance refused = accept(third);
        assertThat(refused.outcome()).isEqualTo(Outcome.BUDGET_EXHAUSTED);
        assertThat(refused.job()).isNull();
        assertThat(refused.retryAfter()).isBetween(Duration.ofSeconds(1), Duration.ofDays(1));
        LedgerUsage usage = ledger().usage(1);
        long untilMidnight = Duration.between(
                        usage.now(),
                        usage.today().day().plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC))
                .toSeconds();
        assertThat(refused.retryAfter().toSeconds()).isBetween(untilMidnight - 5, untilMidnight + 5);
        assertThat(ledger().find(third.jobId())).as("nothing recorded").isEmpty();
        assertThat(usage.today().pricedUnits()).isEqualTo(10.0);

        assertThat(accept(queued(2.0, 12.0)).outcome())
                .as("exactly the budget passes")
                .isEqualTo(Outcome.ACCEPTED);
        assertThat(accept(queued(0.5, 12.0)).outcome()).isEqualTo(Outcome.BUDGET_EXHAUSTED);
        assertThat(accept(queued(0.0, 12.0)).outcome())
                .as("a job that costs nothing")
                .isEqualTo(Outcome.ACCEPTED);
        assertThat(accept(queued(13.0, 100.0)).outcome())
                .as("another budget, as a node configured so")
                .isEqualTo(Outcome.ACCEPTED);
        assertThat(accept(queued(5.0, null)).outcome())
                .as("no budget: priced, never refused")
                .isEqualTo(Outcome.ACCEPTED);
        assertThat(ledger().usage(1).today().pricedUnits()).isEqualTo(30.0);
    }

    @Test
    public void aJobPricedAboveTheWholeBudgetIsRefusedEvenOnAFreshDay() {
        assertThat(accept(queued(20.0, 10.0)).outcome()).isEqualTo(Outcome.BUDGET_EXHAUSTED);
        assertThat(ledger().usage(1).today().pricedUnits()).isZero();
    }

    @Test
    public void aReplayOfAKeyIsNeverChargedTwiceAndARefusedKeyIsNotKept() {
        NewJob first = keyed("key-spend-1", "fp-1", 5.0, 10.0);
        LedgerJob job = accept(first).job();
        Acceptance replay = accept(keyed("key-spend-1", "fp-1", 5.0, 10.0));
        assertThat(replay.outcome()).isEqualTo(Outcome.IN_PROGRESS);
        assertThat(replay.job().jobId()).isEqualTo(job.jobId());
        assertThat(accept(keyed("key-spend-1", "fp-other", 5.0, 10.0)).outcome())
                .isEqualTo(Outcome.KEY_REUSED);
        assertThat(ledger().usage(1).today().pricedUnits()).isEqualTo(5.0);

        assertThat(accept(claimed(5.0, 10.0)).outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(accept(keyed("key-spend-2", "fp-2", 5.0, 10.0)).outcome()).isEqualTo(Outcome.BUDGET_EXHAUSTED);
        // the refused key named no job: with room again (a node with a larger budget) it is a new job
        assertThat(accept(keyed("key-spend-2", "fp-other", 5.0, 20.0)).outcome())
                .isEqualTo(Outcome.ACCEPTED);
        assertThat(ledger().usage(1).today().pricedUnits()).isEqualTo(15.0);
    }

    @Test
    public void jobsThatProvablyCostNothingGiveTheirUnitsBackOnceAndOthersKeepThem() {
        LedgerJob queued = accept(queued(5.0, 30.0)).job();
        LedgerJob claimedThenRefused = accept(claimed(5.0, 30.0)).job();
        LedgerJob refusedByBackend =
                ledger().markSubmitting(accept(claimed(5.0, 30.0)).job()).orElseThrow();
        LedgerJob submitted =
                ledger().markSubmitting(accept(claimed(5.0, 30.0)).job()).orElseThrow();
        LedgerJob mayHaveStarted =
                ledger().markSubmitting(accept(claimed(5.0, 30.0)).job()).orElseThrow();
        LedgerJob runs = accept(claimed(5.0, 30.0)).job();
        assertThat(accept(queued(5.0, 30.0)).outcome()).as("30 of 30 used").isEqualTo(Outcome.BUDGET_EXHAUSTED);

        assertThat(ledger().cancel(queued.jobId()).kind()).isEqualTo(CancelOutcome.Kind.CANCELED);
        assertThat(ledger().cancel(queued.jobId()).kind()).isEqualTo(CancelOutcome.Kind.ALREADY_FINISHED);
        assertThat(ledger().finish(claimedThenRefused, JobEnd.failure("cost-over-limit", "above the limit")))
                .isPresent();
        assertThat(ledger().finish(refusedByBackend, JobEnd.failure("upstream-rejected", "refused")))
                .isPresent();
        LedgerJob sent = ledger().markSubmitted(submitted, "backend_1", null).orElseThrow();
        assertThat(ledger().finish(sent, JobEnd.failure("upstream-failure", "failed at the backend")))
                .isPresent();
        assertThat(ledger().markOutcomeUnknown(mayHaveStarted, "may have started"))
                .isPresent();
        assertThat(ledger().markSubmitted(ledger().markSubmitting(runs).orElseThrow(), "backend_2", 4.0))
                .isPresent();

        UsageDay today = ledger().usage(1).today();
        assertThat(today.pricedUnits()).isEqualTo(30.0);
        assertThat(today.returnedUnits())
                .as("canceled while queued, refused before sending, refused by the backend")
                .isEqualTo(15.0);
        assertThat(today.usedUnits()).isEqualTo(15.0);
        assertThat(today.spentUnits())
                .as("the quoted 5 (not billed), and the billed 4")
                .isEqualTo(9.0);
        assertThat(accept(queued(15.0, 30.0)).outcome())
                .as("the units given back")
                .isEqualTo(Outcome.ACCEPTED);
        assertThat(accept(queued(1.0, 30.0)).outcome()).isEqualTo(Outcome.BUDGET_EXHAUSTED);
    }

    /**
     * Issue #23: two nodes racing for the last units of a daily budget accept exactly the budget. Two processes'
     * ledgers on one database, 40 accepts at once for the last 20 units at 5 each (prices that could not all fit
     * under any interleaving): exactly 4 are accepted, the rest are refused, and the day's units are the budget.
     */
    @Test
    public void twoProcessesRacingForTheLastUnitsAcceptExactlyTheBudget() throws Exception {
        double budget = 50.0;
        for (int i = 0; i < 6; i++) {
            assertThat(accept(queued(5.0, budget)).outcome()).isEqualTo(Outcome.ACCEPTED);
        }
        int racers = 40;
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            CyclicBarrier together = new CyclicBarrier(16);
            List<Future<Acceptance>> answers = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                JobLedger node = i % 2 == 0 ? ledger() : otherProcess();
                NewJob job = i % 3 == 0 ? claimed(5.0, budget) : queued(5.0, budget);
                boolean waits = i < 16;
                answers.add(pool.submit(() -> {
                    if (waits) {
                        together.await();
                    }
                    return node.accept(job);
                }));
            }
            int accepted = 0;
            int refused = 0;
            for (Future<Acceptance> answer : answers) {
                switch (answer.get().outcome()) {
                    case ACCEPTED -> accepted++;
                    case BUDGET_EXHAUSTED -> refused++;
                    default -> throw new AssertionError("unexpected " + answer.get());
                }
            }
            assertThat(accepted).as("the last 20 units at 5 each").isEqualTo(4);
            assertThat(refused).isEqualTo(racers - 4);
        } finally {
            pool.shutdownNow();
        }
        for (JobLedger node : List.of(ledger(), otherProcess())) {
            UsageDay today = node.usage(1).today();
            assertThat(today.usedUnits()).isEqualTo(budget);
            assertThat(today.jobs().values().stream()
                            .mapToInt(Integer::intValue)
                            .sum())
                    .as("jobs recorded today")
                    .isEqualTo(10);
        }
    }

    @Test
    public void theReportHasOneEntryPerDayOldestFirstWithJobsPerStateOnTheDayTheyWereAccepted() throws Exception {
        LedgerJob yesterday = accept(queued(5.0, null)).job();
        accept(queued(3.0, null));
        LedgerJob canceled = accept(queued(2.0, null)).job();
        ledger().cancel(canceled.jobId());
        LedgerJob local = accept(queued(0.0, null)).job();
        age(yesterday.jobId(), Duration.ofDays(1));

        LedgerUsage usage = ledger().usage(3);
        assertThat(usage.days()).hasSize(3);
        LocalDate today = LocalDate.ofInstant(usage.now(), ZoneOffset.UTC);
        assertThat(usage.days().stream().map(UsageDay::day))
                .containsExactly(today.minusDays(2), today.minusDays(1), today);
        assertThat(usage.days().get(0).jobs()).isEmpty();
        assertThat(usage.days().get(0).pricedUnits()).isZero();
        assertThat(usage.days().get(1).jobs()).containsExactlyEntriesOf(Map.of(JobState.QUEUED, 1));
        assertThat(usage.today().jobs()).containsOnly(Map.entry(JobState.QUEUED, 2), Map.entry(JobState.CANCELED, 1));
        assertThat(usage.today().pricedUnits())
                .as("units stay on the day they were charged")
                .isEqualTo(10.0);
        assertThat(usage.today().returnedUnits()).isEqualTo(2.0);
        assertThat(ledger().find(local.jobId()).orElseThrow().price()).isZero();
        assertThat(ledger().usage(JobLedger.MAX_USAGE_DAYS).days()).hasSize(JobLedger.MAX_USAGE_DAYS);
    }

    private Acceptance accept(NewJob job) {
        return ledger().accept(job);
    }

    protected static NewJob queued(double price, Double budget) {
        return new NewJob(
                        id(),
                        SCENARIO,
                        JobState.QUEUED,
                        null,
                        "42",
                        price,
                        null,
                        REQUEST,
                        new byte[] {1},
                        null,
                        null,
                        1000)
                .withDailyBudget(budget);
    }

    protected static NewJob claimed(double price, Double budget) {
        return new NewJob(
                        id(),
                        SCENARIO,
                        JobState.CLAIMED,
                        "holder-" + id(),
                        "42",
                        price,
                        null,
                        REQUEST,
                        null,
                        null,
                        null,
                        0)
                .withDailyBudget(budget);
    }

    protected static NewJob keyed(String key, String fingerprint, double price, Double budget) {
        return new NewJob(
                        id(),
                        SCENARIO,
                        JobState.CLAIMED,
                        "holder-k",
                        "7",
                        price,
                        null,
                        REQUEST,
                        null,
                        key,
                        fingerprint,
                        0)
                .withDailyBudget(budget);
    }

    private static String id() {
        return "job_" + UUID.randomUUID().toString().replace("-", "").substring(0, 22);
    }
}
