package io.img2img.bootstrap;

import ch.qos.logback.classic.LoggerContext;
import io.img2img.application.port.out.LogContext;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The job engine's {@link LogContext} as SLF4J's MDC: a job's id under {@value #JOB_ID} on the thread working for
 * it; this node's holder id once, as the logger context's property {@value #NODE_ID} (on every line).
 */
final class MdcLogContext implements LogContext {
    static final String JOB_ID = "jobId";
    static final String NODE_ID = "nodeId";

    @Override
    public Scope job(String jobId) {
        String before = MDC.get(JOB_ID);
        MDC.put(JOB_ID, jobId);
        return () -> {
            if (before == null) {
                MDC.remove(JOB_ID);
            } else {
                MDC.put(JOB_ID, before);
            }
        };
    }

    @Override
    public void node(String nodeId) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.putProperty(NODE_ID, nodeId);
        }
    }
}
