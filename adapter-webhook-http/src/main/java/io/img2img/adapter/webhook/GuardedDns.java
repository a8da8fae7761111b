package io.img2img.adapter.webhook;

import io.img2img.application.port.out.HostResolver;
import io.img2img.application.webhook.WebhookAddresses;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import okhttp3.Dns;

/** Resolves a webhook's host keeping only public addresses, unless the host is allowed (SPEC §6). */
final class GuardedDns implements Dns {
    private final HostResolver resolver;
    private final WebhookAddresses addresses;

    GuardedDns(HostResolver resolver, WebhookAddresses addresses) {
        this.resolver = resolver;
        this.addresses = addresses;
    }

    @Override
    public List<InetAddress> lookup(String hostname) throws UnknownHostException {
        List<InetAddress> all = resolver.resolve(hostname);
        if (addresses.allowed(hostname)) {
            return all;
        }
        List<InetAddress> open = all.stream().filter(WebhookAddresses::isPublic).toList();
        if (open.isEmpty()) {
            throw new UnknownHostException(hostname + " resolves only to loopback, private, link-local or multicast "
                    + "addresses, and is not in IMG2IMG_WEBHOOK_ALLOWED_HOSTS");
        }
        return open;
    }
}
