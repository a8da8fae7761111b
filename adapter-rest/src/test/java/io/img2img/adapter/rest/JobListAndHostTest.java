package io.img2img.adapter.rest;

import static io.img2img.adapter.rest.TestServer.body;
import static io.img2img.adapter.rest.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.img2img.application.LedgerPolicy;
import io.img2img.application.ServicePolicy;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** GET /v1/jobs, and the Host rule that keeps it (and everything else) from pages on other names (SPEC §8). */
class JobListAndHostTest {

    @Test
    void theListIsNewestFirstPaginatedWithEachPromptAndDate() throws Exception {
        try (TestServer s = new TestServer()) {
            for (String prompt : List.of("first", "second", "third")) {
                assertThat(s.post("/v1/generate/img2img", body("prompt", prompt))
                                .statusCode())
                        .isEqualTo(200);
            }
            HttpResponse<String> page = s.get("/v1/jobs?limit=2");
            assertThat(page.statusCode()).isEqualTo(200);
            JsonNode jobs = json(page).get("jobs");
            assertThat(jobs).extracting(j -> j.get("prompt").asText()).containsExactly("third", "second");
            assertThat(jobs.get(0).get("status").asText()).isEqualTo("success");
            assertThat(jobs.get(0).get("createdAt").asText()).isNotBlank();
            assertThat(jobs.get(0).get("jobId").asText()).startsWith("job_");
            String next = json(page).get("nextCursor").asText();
            JsonNode rest = json(s.get("/v1/jobs?limit=2&before=" + next));
            assertThat(rest.get("jobs"))
                    .extracting(j -> j.get("prompt").asText())
                    .containsExactly("first");
            assertThat(rest.get("nextCursor").isNull()).isTrue();
            assertThat(json(s.get("/v1/jobs")).get("jobs")).hasSize(3);
            for (String bad : List.of("0", "101", "x")) {
                HttpResponse<String> r = s.get("/v1/jobs?limit=" + bad);
                assertThat(r.statusCode()).as(bad).isEqualTo(400);
                assertThat(json(r).get("detail").asText()).contains("limit");
            }
            JsonNode openApi = json(s.get("/openapi.json"));
            assertThat(openApi.at("/paths/~1v1~1jobs/get/operationId").asText()).isEqualTo("listJobs");
            assertThat(openApi.at("/paths/~1v1~1jobs~1{jobId}/get/responses/410"))
                    .isNotNull();
        }
    }

    @Test
    void deleteCancelsAQueuedJobWhichNeverStartsAndLeavesOthersAsTheyAre() throws Exception {
        try (TestServer s = new TestServer(
                null, List.of(), 1 << 20, ServicePolicy.defaults().withMaxConcurrentJobs(1), Map.of())) {
            s.backend.holdAfterPolls = 0; // the first job holds the one slot, submitted, until released
            String running = json(s.post("/v1/generate/img2img", body(), "Prefer", "wait=0"))
                    .get("jobId")
                    .asText();
            HttpResponse<String> queued = s.post("/v1/generate/img2img", body("numSamples", 2), "Prefer", "wait=0");
            assertThat(json(queued).get("status").asText()).isEqualTo("queued");
            String queuedId = json(queued).get("jobId").asText();

            HttpResponse<String> canceled = s.send("DELETE", "/v1/jobs/" + queuedId, null, null);
            assertThat(canceled.statusCode()).isEqualTo(200);
            assertThat(json(canceled).get("status").asText()).isEqualTo("canceled");
            assertThat(json(canceled).at("/error/code").asText()).isEqualTo("job-canceled");
            HttpResponse<String> submitted = s.send("DELETE", "/v1/jobs/" + running, null, null);
            assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(409);
            assertThat(json(submitted).get("code").asText()).isEqualTo("not-cancellable");
            assertThat(s.send("DELETE", "/v1/jobs/job_unknown", null, null).statusCode())
                    .isEqualTo(404);

            s.backend.releasePolls.countDown();
            HttpResponse<String> done = s.get("/v1/jobs/" + running, "Prefer", "wait=10");
            assertThat(json(done).get("status").asText()).isEqualTo("success");
            HttpResponse<String> again = s.send("DELETE", "/v1/jobs/" + running, null, null);
            assertThat(again.statusCode()).isEqualTo(200);
            assertThat(json(again).get("status").asText())
                    .as("a finished job is unchanged")
                    .isEqualTo("success");
            assertThat(json(s.get("/v1/jobs/" + queuedId)).get("status").asText())
                    .isEqualTo("canceled");
            assertThat(s.backend.submits.get())
                    .as("the canceled job was never sent")
                    .isEqualTo(1);
        }
    }

    @Test
    void withoutATokenOnlyLoopbackNamesAndThePublicHostMayBeTheHost() throws Exception {
        try (TestServer s = new TestServer(
                null,
                List.of(),
                1 << 20,
                ServicePolicy.defaults(),
                LedgerPolicy.defaults(),
                Map.of(),
                "https://img.example.org")) {
            int port = s.server.port();
            assertThat(statusFor(port, "evil.example")).isEqualTo(403);
            assertThat(statusFor(port, "evil.example:" + port)).isEqualTo(403);
            assertThat(statusFor(port, "localhost.evil.example")).isEqualTo(403);
            assertThat(responseFor(port, "evil.example", "/health"))
                    .as("one filter for everything")
                    .startsWith("HTTP/1.1 403")
                    .contains("forbidden-host");
            for (String host : List.of(
                    "localhost",
                    "localhost:" + port,
                    "127.0.0.1:" + port,
                    "[::1]",
                    "[::1]:" + port,
                    "img.example.org",
                    "IMG.example.org:443")) {
                assertThat(statusFor(port, host)).as(host).isEqualTo(200);
            }
        }
    }

    @Test
    void withATokenTheTokenIsTheCheck() throws Exception {
        try (TestServer s = new TestServer("secret-token", List.of(), 1 << 20, ServicePolicy.defaults(), Map.of())) {
            String answer =
                    responseFor(s.server.port(), "evil.example", "/v1/jobs", "Authorization: Bearer secret-token");
            assertThat(answer).startsWith("HTTP/1.1 200");
        }
    }

    private static int statusFor(int port, String host) throws Exception {
        return Integer.parseInt(responseFor(port, host, "/v1/jobs").substring(9, 12));
    }

    /** A raw HTTP/1.1 GET: Java's HttpClient will not send a Host header of our choosing. */
    static String responseFor(int port, String host, String path, String... headers) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            StringBuilder request =
                    new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n");
            for (String header : headers) {
                request.append(header).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
