package io.img2img.adapter.rest;

import static io.img2img.adapter.rest.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.img2img.application.port.in.ListJobs;
import io.img2img.domain.result.ErrorCode;
import io.img2img.domain.result.JobStatus;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** GET /v1/jobs, and the Host rule that keeps it (and everything else) from pages on other names (SPEC §8). */
class JobListAndHostTest {

    @Test
    void aPageOfThePortIsListedWithEachPromptAndDateAndTheCursorPassedBack() throws Exception {
        try (TestServer s = new TestServer()) {
            List<String> asked = new CopyOnWriteArrayList<>();
            Instant at = Instant.parse("2026-12-07T10:00:00Z");
            s.ports.listJobs = (limit, before) -> {
                asked.add(limit + " " + before);
                if ("bad".equals(before)) {
                    throw new IllegalArgumentException("not a cursor this server wrote");
                }
                if ("down".equals(before)) {
                    throw new ListJobs.Unavailable("the job ledger at db.example cannot be read", null);
                }
                return before == null
                        ? new ListJobs.Page(
                                List.of(
                                        new ListJobs.Item(StubUseCases.success("job_3", 1), at, "third"),
                                        new ListJobs.Item(StubUseCases.queued("job_2", 1), at, "second")),
                                "c2")
                        : new ListJobs.Page(
                                List.of(new ListJobs.Item(StubUseCases.success("job_1", 0), at, null)), null);
            };
            HttpResponse<String> page = s.get("/v1/jobs?limit=2");
            assertThat(page.statusCode()).isEqualTo(200);
            JsonNode jobs = json(page).get("jobs");
            assertThat(jobs).extracting(j -> j.get("prompt").asText()).containsExactly("third", "second");
            assertThat(jobs.get(0).get("status").asText()).isEqualTo("success");
            assertThat(jobs.get(0).get("createdAt").asText()).isEqualTo("2026-12-07T10:00:00Z");
            assertThat(jobs.get(0).get("jobId").asText()).isEqualTo("job_3");
            assertThat(jobs.get(0).at("/images/0/url").asText()).isEqualTo(s.base + "/v1/assets/asset_job_3_1");
            assertThat(jobs.get(1).get("queuePosition").asInt()).isEqualTo(1);
            assertThat(json(page).get("nextCursor").asText()).isEqualTo("c2");
            JsonNode rest = json(s.get("/v1/jobs?limit=2&before=c2"));
            assertThat(rest.get("jobs").get(0).has("prompt"))
                    .as("no prompt, no field")
                    .isFalse();
            assertThat(rest.get("nextCursor").isNull()).isTrue();
            assertThat(s.get("/v1/jobs").statusCode()).isEqualTo(200);
            assertThat(asked).containsExactly("2 null", "2 c2", JobListRoutes.DEFAULT_LIMIT + " null");
            for (String bad : List.of("0", "101", "x")) {
                HttpResponse<String> r = s.get("/v1/jobs?limit=" + bad);
                assertThat(r.statusCode()).as(bad).isEqualTo(400);
                assertThat(json(r).get("detail").asText()).contains("limit");
            }
            assertThat(asked).as("a bad limit never reaches the port").hasSize(3);
            HttpResponse<String> badCursor = s.get("/v1/jobs?before=bad");
            assertThat(badCursor.statusCode()).isEqualTo(400);
            assertThat(json(badCursor).get("detail").asText()).startsWith("before: ");
            HttpResponse<String> down = s.get("/v1/jobs?before=down");
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(json(down).get("code").asText()).isEqualTo("ledger-unavailable");
            assertThat(down.headers().firstValue("Retry-After")).hasValue("5");
            JsonNode openApi = json(s.get("/openapi.json"));
            assertThat(openApi.at("/paths/~1v1~1jobs/get/operationId").asText()).isEqualTo("listJobs");
            assertThat(openApi.at("/paths/~1v1~1jobs~1{jobId}/get/responses/410"))
                    .isNotNull();
        }
    }

    @Test
    void deleteAnswersWhatTheCancelPortSaysWithItsStatus() throws Exception {
        try (TestServer s = new TestServer()) {
            s.ports.cancelJob = jobId -> switch (jobId) {
                case "job_queued" ->
                    StubUseCases.ended(jobId, JobStatus.CANCELED, ErrorCode.JOB_CANCELED, "canceled before it started");
                case "job_sent" -> StubUseCases.refused(ErrorCode.NOT_CANCELLABLE, "Scenario has it");
                case "job_done" -> StubUseCases.success(jobId, 1);
                default -> StubUseCases.refused(ErrorCode.UNKNOWN_JOB, "no job " + jobId);
            };
            HttpResponse<String> canceled = s.send("DELETE", "/v1/jobs/job_queued", null, null);
            assertThat(canceled.statusCode()).isEqualTo(200);
            assertThat(json(canceled).get("status").asText()).isEqualTo("canceled");
            assertThat(json(canceled).at("/error/code").asText()).isEqualTo("job-canceled");
            HttpResponse<String> submitted = s.send("DELETE", "/v1/jobs/job_sent", null, null);
            assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(409);
            assertThat(json(submitted).get("code").asText()).isEqualTo("not-cancellable");
            assertThat(s.send("DELETE", "/v1/jobs/job_unknown", null, null).statusCode())
                    .isEqualTo(404);
            HttpResponse<String> again = s.send("DELETE", "/v1/jobs/job_done", null, null);
            assertThat(again.statusCode()).isEqualTo(200);
            assertThat(json(again).get("status").asText())
                    .as("a finished job is unchanged")
                    .isEqualTo("success");
        }
    }

    @Test
    void withoutATokenOnlyLoopbackNamesAndThePublicHostMayBeTheHost() throws Exception {
        try (TestServer s = new TestServer(TestServer.Setup.defaults().publicUrl("https://img.example.org"))) {
            s.ports.listJobs = (limit, before) -> new ListJobs.Page(List.of(), null);
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
        try (TestServer s = new TestServer(TestServer.Setup.defaults().token("secret-token"))) {
            s.ports.listJobs = (limit, before) -> new ListJobs.Page(List.of(), null);
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
