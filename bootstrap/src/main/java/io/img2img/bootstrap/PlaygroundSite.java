package io.img2img.bootstrap;

import io.img2img.adapter.http.StaticSite;
import io.img2img.adapter.playground.Playground;
import java.util.LinkedHashMap;
import java.util.Map;

/** Hands the playground's files to the HTTP server as plain values: the two adapters never meet. */
final class PlaygroundSite {
    private PlaygroundSite() {}

    static StaticSite load() {
        Playground playground = Playground.load();
        Map<String, StaticSite.File> files = new LinkedHashMap<>();
        for (String path : playground.urlPaths()) {
            playground.find(path).ifPresent(f -> files.put(path, new StaticSite.File(f.contentType(), f.body())));
        }
        return new StaticSite(files, Playground.SECURITY_HEADERS);
    }
}
