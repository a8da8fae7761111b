package io.img2img.adapter.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import io.img2img.application.port.out.BackendException;
import io.img2img.domain.result.ErrorCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import okhttp3.Response;

/** An answer from Scenario's API whose status the caller interprets; an error answer's text kept as its message. */
record ScenarioAnswer(int code, JsonNode body) {

    static ScenarioAnswer read(Response response) throws BackendException {
        byte[] bytes;
        try {
            bytes = response.body().bytes();
        } catch (IOException e) {
            throw ScenarioErrors.ioFailure("reading Scenario's answer", e);
        }
        JsonNode body;
        try {
            body = ScenarioHttp.JSON.readTree(bytes); // the bytes as they came: no String in between
            if (body == null || body.isMissingNode()) {
                body = ScenarioHttp.JSON.createObjectNode(); // an empty answer
            }
        } catch (IOException e) {
            if (response.isSuccessful() || response.code() == 269) {
                throw new BackendException(
                        ErrorCode.UPSTREAM_FAILURE,
                        "Scenario answered with malformed JSON (HTTP " + response.code() + ")");
            }
            String text = new String(bytes, 0, Math.min(bytes.length, 300), StandardCharsets.UTF_8);
            body = ScenarioHttp.JSON.createObjectNode().put("message", text);
        }
        return new ScenarioAnswer(response.code(), body);
    }
}
