package io.img2img.adapter.rest;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.MapBinder;
import io.img2img.application.port.in.CancelJob;
import io.img2img.application.port.in.DescribeServer;
import io.img2img.application.port.in.GenerateImage;
import io.img2img.application.port.in.GetJob;
import io.img2img.application.port.in.ListModels;
import io.img2img.application.port.in.PreviewAsset;
import io.img2img.application.port.in.ListJobs;
import io.img2img.application.port.in.ObserveJob;
import io.img2img.application.port.in.ReadAsset;
import jakarta.servlet.Servlet;

import java.util.Map;

/**
 * The HTTP server. Other modules mount servlets on it by adding to the {@code Map<String, Servlet>}
 * map binding (path → servlet) declared here, so the MCP transport joins without either adapter
 * knowing the other.
 */
public final class RestModule extends AbstractModule {
    private final HttpSettings settings;
    private final StaticSite site;

    public RestModule(HttpSettings settings) {
        this(settings, StaticSite.NONE);
    }

    /** With {@code site} served as it is (bootstrap hands in the playground). */
    public RestModule(HttpSettings settings, StaticSite site) {
        this.settings = settings;
        this.site = site;
    }

    @Override
    protected void configure() {
        MapBinder.newMapBinder(binder(), String.class, Servlet.class);
    }

    @Provides
    @Singleton
    HttpServer httpServer(GenerateImage generateImage, GetJob getJob, ReadAsset assets, DescribeServer server,
                          ListModels models, PreviewAsset previews, ListJobs listJobs, CancelJob cancelJob,
                          ObserveJob observeJob, Map<String, Servlet> extraServlets) {
        return new HttpServer(settings, new RestUseCases(generateImage, getJob, assets, server, models, previews,
                listJobs, cancelJob, observeJob), extraServlets, site);
    }
}
