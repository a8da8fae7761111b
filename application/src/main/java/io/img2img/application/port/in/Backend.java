package io.img2img.application.port.in;

import java.util.Arrays;
import java.util.Optional;

/** Where images are generated, with the name results and flags use for it and a line describing it. */
public enum Backend {
    SCENARIO("scenario", "Scenario's cloud API; generations cost Creative Units"),
    LOCAL("local", "offline procedural renderer: no AI model, no network, costs nothing");

    private final String wireName;
    private final String description;

    Backend(String wireName, String description) {
        this.wireName = wireName;
        this.description = description;
    }

    public String wireName() {
        return wireName;
    }

    public String description() {
        return description;
    }

    public static Optional<Backend> of(String wireName) {
        return Arrays.stream(values()).filter(b -> b.wireName.equals(wireName)).findFirst();
    }
}
