package io.img2img.application.port.out;

import io.img2img.domain.request.Generation;
import io.img2img.domain.request.Violation;
import java.util.List;
import java.util.OptionalLong;

/**
 * Where images are generated: Scenario's cloud API or the local renderer. Asynchronous like
 * Scenario's API: submit starts a job, poll follows it, the produced assets are then described and
 * downloaded one at a time (so memory does not grow with the number of samples).
 */
public interface ImageBackend {

    /** "scenario" or "local", as results report it. */
    String name();

    /** Rules only this backend has (Scenario's 6 MiB inline image limit, local asset ids); empty when none. */
    default List<Violation> preconditions(Generation generation) {
        return List.of();
    }

    /**
     * The largest reference image, in decoded bytes, this backend takes inline (Scenario's 6 MiB); a larger one
     * is scaled down before it is sent. Empty when there is no such limit.
     */
    default OptionalLong inlineImageLimit() {
        return OptionalLong.empty();
    }

    /** The price in Creative Units, without starting anything (Scenario's dry run). */
    double price(Generation generation) throws BackendException;

    /**
     * Who may run a job recorded for this backend (SPEC §10): {@code local}, or Scenario's base URL with a hash
     * of the key. Only a process of the same identity claims, submits or runs such a job again.
     */
    default String identity() {
        return name();
    }

    /**
     * Starts the job. Sent at most once per call unless the backend provably started nothing; when
     * the answer is lost the exception's code is {@code JOB_MAY_HAVE_STARTED}.
     *
     * @param jobId this server's id of the job: a backend that runs jobs itself uses it as the job's id and derives
     *              its asset ids from it (a run again writes the same ids); a remote backend mints its own
     */
    SubmittedJob submit(String jobId, Generation generation) throws BackendException;

    /** Stops a job this process runs, between samples (cancel, lost lease); a remote backend cannot. */
    default void stop(String jobId) {}

    /**
     * Whether {@link #requestCancel} can ask this backend to cancel a job it runs remotely (Scenario's cancel
     * action). False for a backend whose jobs run in this process (local): those are stopped with {@link #stop}.
     */
    default boolean cancelsRemotely() {
        return false;
    }

    /**
     * Asks the backend, once and without retry, to cancel its job {@code backendJobId} (SPEC §6). True when the
     * backend confirmed the request (the job will end canceled, or with its real end if it ended first); false when
     * it did not (any other answer, or none): the cancel is then "not confirmed" and the job is followed to whatever
     * end the backend reports. Either way the job's end is learned by following it ({@link #poll}), never from
     * here. Only called when {@link #cancelsRemotely()}; a backend that cannot answers false.
     */
    default boolean requestCancel(String backendJobId) {
        return false;
    }

    /**
     * How often to look at a job this backend runs in this process, or {@code null} for the SPEC §8 polling
     * schedule of a remote backend. Looking is free in memory, so local jobs are seen as soon as they end.
     */
    default java.time.Duration followInterval() {
        return null;
    }

    /** The job's state; {@code UNKNOWN_JOB} when the backend does not know the id. */
    JobSnapshot poll(String jobId) throws BackendException;

    /** Where a produced asset lives remotely and what it is, without downloading it. */
    RemoteAsset describe(String assetId) throws BackendException;

    /** The asset's bytes. */
    byte[] download(RemoteAsset asset) throws BackendException;

    /** Releases the backend's threads and connections; called once, when the process stops serving. */
    default void close() {}
}
