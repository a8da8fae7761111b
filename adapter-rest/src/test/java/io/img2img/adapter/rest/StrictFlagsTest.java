package io.img2img.adapter.rest;

import static io.img2img.adapter.rest.TestServer.body;
import static io.img2img.adapter.rest.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Security review 2026-12-07, finding 5: a dry run must never silently become a billed job. Every spelling below
 * was a paid generation before; now each is refused naming what is wrong, and the application (its stubbed
 * port, which records every call) is asked nothing; the exact spellings reach it as dry runs.
 */
class StrictFlagsTest {

    @Test
    void everyLooseSpellingOfAQueryFlagIs400NamingItAndSendsNothing() throws Exception {
        try (TestServer s = new TestServer()) {
            s.ports.generatingAtOnce();
            String json = TestServer.JSON.writeValueAsString(body());
            for (String[] query : new String[][] {
                {"dryrun=true", "dryrun"},
                {"DryRun=true", "DryRun"},
                {"dryRun[]=true", "dryRun[]"},
                {"dryRun=yes", "dryRun"},
                {"dryRun=1", "dryRun"},
                {"dryRun=TRUE", "dryRun"},
                {"dryRun=", "dryRun"},
                {"dryRun", "dryRun"},
                {"dryRun=false&dryRun=true", "dryRun"},
                {"dryRun=true&dryRun=true", "dryRun"},
                {"dryRun=true&x=1", "x"},
                {"dryRun=true%20", "dryRun"},
                {"originalAssets=True&dryRun=true", "originalAssets"},
                {"dryRun=true&dryRun%5B%5D=true", "dryRun[]"},
                {"dryRun=%E0%A4", "dryRun"}
            }) {
                RawHttp.Answer r = post(s, "?" + query[0], json, "application/json"); // sent as written, [] and all
                assertThat(r.status()).as(query[0] + ": " + r.body()).isEqualTo(400);
                JsonNode problem = TestServer.JSON.readTree(r.body());
                assertThat(problem.get("code").asText()).as(query[0]).isEqualTo("invalid-query");
                assertThat(problem.get("errors"))
                        .extracting(e -> e.get("field").asText())
                        .as(query[0])
                        .contains(query[1]);
            }
            assertThat(post(s, "?dryRun=%zz", json, "application/json").status())
                    .as("a broken escape")
                    .isEqualTo(400);
            assertThat(s.ports.generateCalls)
                    .as("no generation reached the application")
                    .isEmpty();

            HttpResponse<String> dry = s.send(
                    "POST",
                    "/v1/generate/img2img?dryRun=true&originalAssets=false",
                    json,
                    "application/json; charset=UTF-8");
            assertThat(dry.statusCode()).as(dry.body()).isEqualTo(200);
            assertThat(json(dry).get("dryRun").asBoolean()).isTrue();
            assertThat(s.ports.generateCalls)
                    .as("what reached the port was a dry run")
                    .isNotEmpty()
                    .allSatisfy(call -> assertThat(call.dryRun()).isTrue());
        }
    }

    @Test
    void aCharsetOtherThanUtf8Is415NamingItAndTheQueryIsNeverDropped() throws Exception {
        try (TestServer s = new TestServer()) {
            s.ports.generatingAtOnce();
            String json = TestServer.JSON.writeValueAsString(body());
            for (String type : List.of(
                    "application/json; charset=",
                    "application/json; charset=x-nope",
                    "application/json; charset=ISO-8859-99",
                    "application/json;charset=iso-8859-1",
                    "application/json; charset",
                    "application/json; charset=\"\"",
                    "application/json; charset=utf-16")) {
                HttpResponse<String> r = s.send("POST", "/v1/generate/img2img?dryRun=true", json, type);
                assertThat(r.statusCode()).as(type + ": " + r.body()).isEqualTo(415);
                assertThat(json(r).get("code").asText()).isEqualTo("unsupported-charset");
                assertThat(json(r).get("detail").asText()).contains("charset");
            }
            for (String type : List.of(
                    "application/json; charset=utf-8", "application/json; charset=\"UTF-8\"", "application/json")) {
                HttpResponse<String> r = s.send("POST", "/v1/generate/img2img?dryRun=true", json, type);
                assertThat(r.statusCode()).as(type).isEqualTo(200);
                assertThat(json(r).get("dryRun").asBoolean()).as(type).isTrue();
            }
            assertThat(s.ports.generateCalls)
                    .as("what reached the port was a dry run")
                    .isNotEmpty()
                    .allSatisfy(call -> assertThat(call.dryRun()).isTrue());
        }
    }

    @Test
    void formFlagsAreExactToo() throws Exception {
        try (TestServer s = new TestServer()) {
            s.ports.generatingAtOnce();
            for (String value : List.of("TRUE", "yes", "1", "", " true", "True")) {
                HttpResponse<String> r = form(s, "", value);
                assertThat(r.statusCode())
                        .as("dryRun=" + value + ": " + r.body())
                        .isEqualTo(400);
                assertThat(json(r).get("errors"))
                        .extracting(e -> e.get("field").asText())
                        .contains("dryRun");
            }
            HttpResponse<String> bad = form(s, "?DryRun=true", "true");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(json(bad).get("errors"))
                    .extracting(e -> e.get("field").asText())
                    .contains("DryRun");
            // ?DryRun is refused before the port; each loose form value reaches it as a type error of its field
            assertThat(s.ports.generateCalls)
                    .hasSize(6)
                    .allSatisfy(call -> assertThat(call.request().typeErrors())
                            .extracting(io.img2img.domain.request.Violation::field)
                            .contains("dryRun"));
            assertThat(s.ports.paidCalls()).as("nothing that could be billed").isEmpty();
            HttpResponse<String> dry = form(s, "?dryRun=true", "true");
            assertThat(dry.statusCode()).as(dry.body()).isEqualTo(200);
            assertThat(json(dry).get("dryRun").asBoolean()).isTrue();
            assertThat(s.ports.paidCalls()).as("nothing that could be billed").isEmpty();
            assertThat(s.ports
                            .generateCalls
                            .get(s.ports.generateCalls.size() - 1)
                            .dryRun())
                    .isTrue();
        }
    }

    private static RawHttp.Answer post(TestServer s, String query, String json, String type) throws Exception {
        byte[] content = json.getBytes(StandardCharsets.UTF_8);
        return RawHttp.exchange(
                "127.0.0.1",
                s.server.port(),
                ("POST /v1/generate/img2img" + query + " HTTP/1.1\r\n"
                                + "Host: 127.0.0.1\r\nContent-Type: " + type + "\r\nContent-Length: " + content.length
                                + "\r\nConnection: close\r\n\r\n" + json)
                        .getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> form(TestServer s, String query, String dryRun) throws Exception {
        String boundary = "b0undary";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (String[] field : new String[][] {
            {"modelId", "model_x"}, {"prompt", "a lighthouse"}, {"dryRun", dryRun}, {"image", TestServer.png(64, 64)}
        }) {
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field[0] + "\"\r\n\r\n"
                            + field[1] + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return s.send(
                "POST",
                "/v1/generate/img2img" + query,
                body.toString(StandardCharsets.UTF_8),
                "multipart/form-data; boundary=" + boundary);
    }
}
