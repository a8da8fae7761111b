package io.img2img.adapter.rest;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Who a request's client is, for its fair share (SPEC §6: event streams, queued jobs): its remote address. The one
 * bearer token is shared by every client of a server, so it tells no two apart; the address does (a reverse proxy
 * on this machine makes its clients one client — set the shares for it). {@code X-Forwarded-For} is not trusted.
 */
final class ClientKey {
    private ClientKey() {}

    static String of(HttpServletRequest request) {
        return request.getRemoteAddr();
    }
}
