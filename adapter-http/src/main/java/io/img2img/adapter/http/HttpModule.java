package io.img2img.adapter.http;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.MapBinder;
import com.google.inject.multibindings.Multibinder;
import jakarta.servlet.Servlet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The HTTP server. Front ends join it without knowing each other or it knowing them: routes through the
 * {@code Set<HttpMount>} binding (the REST API), servlets through the {@code Map<String, Servlet>} binding
 * (path → servlet: the MCP transport), static content as the {@link StaticSite} bootstrap hands in.
 */
public final class HttpModule extends AbstractModule {
    private final HttpSettings settings;
    private final StaticSite site;

    public HttpModule(HttpSettings settings, StaticSite site) {
        this.settings = settings;
        this.site = site;
    }

    @Override
    protected void configure() {
        MapBinder.newMapBinder(binder(), String.class, Servlet.class);
        Multibinder.newSetBinder(binder(), HttpMount.class);
        Multibinder.newSetBinder(binder(), RequestListener.class);
    }

    @Provides
    @Singleton
    HttpServer httpServer(Set<HttpMount> mounts, Map<String, Servlet> servlets, Set<RequestListener> listeners) {
        return new HttpServer(settings, List.copyOf(mounts), servlets, site, List.copyOf(listeners));
    }
}
