package io.img2img.application.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where a webhook may go (SPEC §6, no server-side request forgery): {@code https} to a public address, or, for a
 * host in {@code IMG2IMG_WEBHOOK_ALLOWED_HOSTS}, also {@code http} and any address. Checked when a job is accepted
 * and again by the sender on the address it connects to.
 */
public final class WebhookAddresses {
    private final Set<String> allowedHosts;

    public WebhookAddresses(Set<String> allowedHosts) {
        this.allowedHosts =
                allowedHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    public boolean allowed(String host) {
        return host != null && allowedHosts.contains(stripBrackets(host).toLowerCase(Locale.ROOT));
    }

    /** Why the URL may not be a webhook (its form and scheme only, no look-up), or {@code null} when it may. */
    public String formProblem(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return "is not a URL: " + e.getReason();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || uri.getHost() == null || uri.getHost().isEmpty()) {
            return "must be an absolute https URL with a host";
        }
        if (uri.getRawUserInfo() != null) {
            return "must not carry user info (credentials in a URL end up in logs)";
        }
        if (uri.getRawFragment() != null) {
            return "must not carry a fragment";
        }
        if (scheme.equals("https")) {
            return null;
        }
        if (scheme.equals("http")) {
            return allowed(uri.getHost())
                    ? null
                    : "must be https (http only to a host in IMG2IMG_WEBHOOK_ALLOWED_HOSTS; " + uri.getHost()
                            + " is not)";
        }
        return "must be an https URL";
    }

    /** The URL's host, without IPv6 brackets. */
    public static String host(String url) {
        return stripBrackets(URI.create(url).getHost());
    }

    /**
     * Whether the address is one a webhook may reach without being allow-listed: not loopback, private (site
     * local, unique local, carrier-grade NAT), link-local, multicast, unspecified or otherwise reserved.
     */
    public static boolean isPublic(InetAddress address) {
        if (address.isAnyLocalAddress()
                || address.isLoopbackAddress()
                || address.isLinkLocalAddress()
                || address.isSiteLocalAddress()
                || address.isMulticastAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first != 0 // "this network"
                    && !(first == 100 && second >= 64 && second < 128) // carrier-grade NAT 100.64/10
                    && !(first == 192 && second == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
                    && !(first == 198 && (second == 18 || second == 19)) // benchmarking 198.18/15
                    && first < 224; // multicast and reserved 240/4, broadcast
        }
        if (address instanceof Inet6Address) {
            int first = b[0] & 0xff;
            if ((first & 0xfe) == 0xfc) { // unique local fc00::/7
                return false;
            }
            if (isMappedOrCompatibleV4(b)) { // ::ffff:a.b.c.d and ::a.b.c.d: the IPv4 address decides
                try {
                    return isPublic(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (java.net.UnknownHostException e) {
                    return false;
                }
            }
            if (first == 0x20 && (b[1] & 0xff) == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) {
                return false; // documentation 2001:db8::/32
            }
            if (first == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
                return false; // NAT64 64:ff9b::/96 reaches IPv4 addresses, private ones included
            }
            return true;
        }
        return false;
    }

    private static boolean isMappedOrCompatibleV4(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[10] == (byte) 0xff && b[11] == (byte) 0xff) || (b[10] == 0 && b[11] == 0);
    }

    private static String stripBrackets(String host) {
        if (host != null && host.startsWith("[") && host.endsWith("]")) {
            return host.substring(1, host.length() - 1);
        }
        return host;
    }
}
