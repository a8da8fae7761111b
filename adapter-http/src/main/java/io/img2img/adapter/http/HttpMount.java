package io.img2img.adapter.http;

import io.javalin.config.RoutesConfig;
import java.util.function.Supplier;

/**
 * What a front end mounts on the {@link HttpServer}: its routes, behind the one gate, and what it does as the
 * server starts and stops. Servlets (the MCP transport) and static content are mounted without one.
 */
public interface HttpMount {
    /** Adds the routes; {@code publicUrl} is known once the server has started (links in answers use it). */
    void register(RoutesConfig routes, Supplier<String> publicUrl);

    /** The server is bound and answers at {@code publicUrl}. */
    default void started(String publicUrl) {}

    /** The server stops accepting: end what would keep it waiting (open event streams). */
    default void stopping() {}

    /** The server has stopped: release what the routes held (temporary files). */
    default void stopped() {}
}
