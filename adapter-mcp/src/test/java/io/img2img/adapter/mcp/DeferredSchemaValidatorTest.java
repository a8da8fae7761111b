package io.img2img.adapter.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeferredSchemaValidatorTest {
    private static final Map<String, Object> NEEDS_A = Map.of("type", "object", "required", List.of("a"));

    @Test
    void validatesLikeTheSdksValidatorOnceAsked() {
        DeferredSchemaValidator validator = new DeferredSchemaValidator(new ObjectMapper());
        assertThat(validator.validate(NEEDS_A, Map.of("a", 1)).valid()).isTrue();
        assertThat(validator.validate(NEEDS_A, Map.of("b", 1)).valid()).isFalse();
    }

    @Test
    void aToolSchemaCheckedAtBuildTimeStillFailsWhenTheValidatorIsMade() {
        DeferredSchemaValidator validator = new DeferredSchemaValidator(new ObjectMapper());
        validator.assertConforms("tool broken", Map.of("type", 12)); // deferred: nothing loaded yet
        assertThatThrownBy(() -> validator.validate(NEEDS_A, Map.of("a", 1))).hasMessageContaining("tool broken");
    }

    @Test
    void theRealToolSchemasConform() {
        DeferredSchemaValidator validator = new DeferredSchemaValidator(new ObjectMapper());
        for (var tool : List.of(ToolDefinitions.generate("local", 45, true), ToolDefinitions.getJob(45))) {
            validator.assertConforms(tool.name() + " input", tool.inputSchema());
            validator.assertConforms(tool.name() + " output", tool.outputSchema());
        }
        assertThat(validator.validate(NEEDS_A, Map.of("a", 1)).valid()).isTrue();
    }
}
