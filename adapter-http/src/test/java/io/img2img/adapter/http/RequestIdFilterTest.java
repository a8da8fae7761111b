package io.img2img.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestIdFilterTest {
    private final RequestIdFilter filter = new RequestIdFilter();

    @Test
    void aShortPlainIdIsKept() {
        assertThat(filter.idOf("req-A.42", null)).isEqualTo("req-A.42");
        assertThat(filter.idOf(" 7f3c:b/9+x=@_ ", null)).isEqualTo("7f3c:b/9+x=@_");
        assertThat(filter.idOf("x".repeat(RequestIdFilter.MAX_LENGTH), null)).hasSize(RequestIdFilter.MAX_LENGTH);
    }

    @Test
    void aW3cTraceGivesItsTraceIdWhenThereIsNoUsableRequestId() {
        String trace = "4bf92f3577b34da6a3ce929d0e0e4736";
        assertThat(filter.idOf(null, "00-" + trace + "-00f067aa0ba902b7-01")).isEqualTo(trace);
        assertThat(filter.idOf("bad id", "00-" + trace + "-00f067aa0ba902b7-01"))
                .isEqualTo(trace);
        assertThat(filter.idOf("kept", "00-" + trace + "-00f067aa0ba902b7-01")).isEqualTo("kept");
    }

    @Test
    void anythingElseIsReplacedByANewRandomId() {
        for (String[] given : new String[][] {
            {null, null},
            {"", null},
            {"with space", null},
            {"x\"}{\"level\":\"ERROR", null},
            {"line\nbreak", null},
            {"x".repeat(RequestIdFilter.MAX_LENGTH + 1), null},
            {null, "00-00000000000000000000000000000000-00f067aa0ba902b7-01"}, // an all-zero trace id
            {null, "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"}, // version ff
            {null, "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01"}, // upper case
            {null, "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01"}, // an all-zero parent
        }) {
            assertThat(filter.idOf(given[0], given[1]))
                    .as(given[0] + " / " + given[1])
                    .matches("[0-9a-f]{32}");
        }
        assertThat(filter.idOf(null, null)).isNotEqualTo(filter.idOf(null, null));
    }
}
