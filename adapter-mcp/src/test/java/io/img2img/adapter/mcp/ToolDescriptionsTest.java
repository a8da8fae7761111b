package io.img2img.adapter.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.img2img.domain.request.CrossFieldRule;
import io.img2img.domain.request.FieldCatalogue;
import io.img2img.domain.result.ErrorCode;
import org.junit.jupiter.api.Test;

/** The tool text is written from the catalogues: every code a tool result may carry, the rules in their own words. */
class ToolDescriptionsTest {

    @Test
    void theGenerationToolNamesEveryToolResultCodeAndTheRulesFromTheirEntries() {
        String text = ToolDescriptions.generate("scenario", 45, true);
        for (ErrorCode code : ErrorCode.values()) {
            if (code.mcp() == ErrorCode.Mcp.TOOL_RESULT) {
                assertThat(text).contains(code.wireName());
            } else {
                assertThat(text).as("an HTTP-only code").doesNotContain(" " + code.wireName() + ",");
            }
        }
        assertThat(text)
                .contains(CrossFieldRule.IMAGE_REQUIRED.wording())
                .contains(CrossFieldRule.FLUX_DEV_NEGATIVE_PROMPT_NEEDS_STRENGTH.wording())
                .contains("numSamples (default "
                        + FieldCatalogue.field("numSamples").defaultValue() + ")");
    }
}
