package dev.dlirun.adapters.rest.server;

import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.FilterChainEvent;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpEvents;
import org.glassfish.grizzly.http.HttpServerFilter;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.NetworkListener;

import java.io.IOException;

/**
 * Answers a request that offers a protocol upgrade (e.g. {@code Upgrade: h2c}, which
 * {@code java.net.http.HttpClient} sends by default) as the plain HTTP/1.1 request it also is.
 *
 * <p>Without the HTTP/2 filters, Grizzly's codec mishandles such a request twice. It marks it to ignore its
 * content framing and announces an upgrade nobody handles, so the body never completes: the request hangs
 * until the read times out and then fails (Jersey issue #6059, Grizzly issue #1972). And once the response
 * is sent it closes the connection without saying so, so a client that reuses the connection for its next
 * request gets no answer at all. This filter, right behind the codec, takes the announcement, restores the
 * framing and forgets the upgrade offer, which the server declines by answering with an ordinary response.
 */
final class Http2UpgradeDecliner extends BaseFilter implements AddOn {

    @Override
    public void setup(NetworkListener listener, FilterChainBuilder chain) {
        int codec = chain.indexOfType(HttpServerFilter.class);
        if (codec < 0) {
            throw new IllegalStateException("no HTTP codec in the listener's filter chain");
        }
        chain.add(codec + 1, this);
    }

    @Override
    public NextAction handleEvent(FilterChainContext ctx, FilterChainEvent event) throws IOException {
        if (event.type() == HttpEvents.IncomingHttpUpgradeEvent.TYPE) {
            var header = ((HttpEvents.IncomingHttpUpgradeEvent) event).getHttpHeader();
            if (header.isRequest()) {
                header.setIgnoreContentModifiers(false);
                header.getUpgradeDC().recycle();
                return ctx.getStopAction();
            }
        }
        return ctx.getInvokeAction();
    }
}
