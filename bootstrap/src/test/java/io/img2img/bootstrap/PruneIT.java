package io.img2img.bootstrap;

import static io.img2img.bootstrap.HttpCalls.body;
import static io.img2img.bootstrap.HttpCalls.get;
import static io.img2img.bootstrap.HttpCalls.json;
import static io.img2img.bootstrap.HttpCalls.post;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code img2img prune} (SPEC §10 "Retention"): a job past its retention leaves the ledger and reads 410. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PruneIT {
    @TempDir
    Path dir;

    @Test
    void pruneRemovesAJobPastItsRetentionWhichThenReads410JobExpired() throws Exception {
        Map<String, String> env = ServeProcess.env(dir, "IMG2IMG_BACKEND", "local", "IMG2IMG_RETENTION_DAYS", "30");
        String oldJob;
        String recentJob;
        try (ServeProcess serve = ServeProcess.start(env)) {
            oldJob = generate(serve);
            recentJob = generate(serve);
        }
        LedgerFile ledger = new LedgerFile(dir.resolve("ledger.db"));
        ledger.age(oldJob, Duration.ofDays(31));

        Processes.Outcome prune = Processes.run(Processes.java("prune"), env, "", 60);
        assertThat(prune.exitCode()).as(prune.stderr()).isZero();
        assertThat(prune.stdout()).isEmpty();
        assertThat(prune.stderr()).contains("1").doesNotContain("\tat ");
        assertThat(ledger.job(oldJob)).isEmpty();
        assertThat(ledger.job(recentJob)).containsEntry("state", "success");

        try (ServeProcess serve = ServeProcess.start(env)) {
            HttpResponse<String> expired = get(serve.url("/v1/jobs/" + oldJob));
            assertThat(expired.statusCode()).as(expired.body()).isEqualTo(410);
            assertThat(json(expired).get("code").asText()).isEqualTo("job-expired");
            assertThat(get(serve.url("/v1/jobs/" + recentJob)).statusCode()).isEqualTo(200);
            assertThat(get(serve.url("/v1/jobs/job_AAAAAAAAAAAAAAAAAAAAAA")).statusCode())
                    .as("never seen: still 404")
                    .isEqualTo(404);
        }
    }

    private static String generate(ServeProcess serve) throws Exception {
        HttpResponse<String> r =
                post(serve.url("/v1/generate/img2img"), body("numSamples", 1, "width", 64, "height", 64, "seed", 1));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r).get("jobId").asText();
    }
}
