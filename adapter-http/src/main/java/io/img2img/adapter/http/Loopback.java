package io.img2img.adapter.http;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one loopback rule (SPEC §8) of the bind check, the Host rule and the Origin rule: an IP literal in
 * 127.0.0.0/8, the IPv6 literal {@code ::1} (bracketed or not), or the exact name {@code localhost}. Loopback is an
 * address, not a name prefix: {@code 127.attacker.example} and {@code localhost.x.example} are names like any other.
 */
public final class Loopback {
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    private Loopback() {}

    /** Whether this host (a name or literal as written in a URL, a Host header or a bind setting) is loopback, without any look-up. */
    public static boolean is(String host) {
        if (host == null) {
            return false;
        }
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.equals("localhost")) {
            return true;
        }
        Matcher m = IPV4.matcher(h);
        if (m.matches()) {
            for (int i = 1; i <= 4; i++) {
                if (Integer.parseInt(m.group(i)) > 255) {
                    return false;
                }
            }
            return Integer.parseInt(m.group(1)) == 127;
        }
        return isIpv6Loopback(h);
    }

    /** Whether the host is an IP literal (v4 dotted quad, or v6 with or without brackets): no look-up is needed. */
    public static boolean isLiteral(String host) {
        String h = host.strip();
        return IPV4.matcher(h).matches() || ipv6(h) != null;
    }

    private static boolean isIpv6Loopback(String h) {
        InetAddress address = ipv6(h);
        return address instanceof Inet6Address && address.isLoopbackAddress(); // ::ffff:127.0.0.1 is not taken
    }

    /** An IPv6 literal as an address, or {@code null}; never a DNS look-up (the text must hold a colon). */
    private static InetAddress ipv6(String h) {
        String bare = h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
        if (!bare.contains(":") || !bare.matches("[0-9A-Fa-f:.]+")) {
            return null;
        }
        try {
            return InetAddress.getByName(bare);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
