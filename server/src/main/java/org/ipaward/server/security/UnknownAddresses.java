package org.ipaward.server.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.BeanFactoryUtils;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.resource.ResourceHttpRequestHandler;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * Matches an anonymous request for an address the server does not have, so that it is let through to Spring MVC
 * and answered 404 (the site's not-found page, or problem+json under {@code /api/}) instead of being sent to sign
 * in as if the address existed.
 *
 * <p>"Does not have": none of Spring MVC's handler mappings — the controllers, the actuator's endpoints, anything
 * registered later — has a handler for it, except the static-resource handlers (which serve only the public files
 * under {@code static/} and answer 404 for anything else). A partial match (the address exists but not for this
 * method, type or parameters) counts as existing, and so does a mapping that fails: then the request stays
 * protected as before. Nothing protected becomes reachable: what is let through has no handler but a 404 or a
 * public static file.
 *
 * <p>Cost: signed-in requests (the load) are answered {@code false} at once, from the security context already in
 * hand; only anonymous requests for addresses that are not public ask the mappings — requests that were refused
 * before anyway. The mappings are asked with a copy of the request's attributes, so the real request is left as
 * it was.
 */
final class UnknownAddresses implements RequestMatcher {
    private final ListableBeanFactory beans;
    private volatile List<HandlerMapping> mappings;

    UnknownAddresses(ListableBeanFactory beans) {
        this.beans = beans;
    }

    @Override
    public boolean matches(HttpServletRequest request) {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.isAuthenticated() && !(auth instanceof AnonymousAuthenticationToken)) {
            return false; // signed in: the rules that follow let it through, and MVC answers 404 itself
        }
        return !handled(request);
    }

    /** Whether some handler mapping other than the static resources' has a handler for the request. */
    boolean handled(HttpServletRequest request) {
        HttpServletRequest copy = new OwnAttributes(request);
        try {
            ServletRequestPathUtils.parseAndCache(copy);
            for (HandlerMapping m : mappings()) {
                HandlerExecutionChain chain = m.getHandler(copy);
                if (chain != null && !(chain.getHandler() instanceof ResourceHttpRequestHandler)) {
                    return true;
                }
            }
            return false;
        } catch (Exception e) {
            return true; // e.g. the address exists for another method: keep it protected
        }
    }

    private List<HandlerMapping> mappings() {
        List<HandlerMapping> m = mappings;
        if (m == null) {
            m = new ArrayList<>(BeanFactoryUtils.beansOfTypeIncludingAncestors(beans, HandlerMapping.class, true, false)
                    .values());
            AnnotationAwareOrderComparator.sort(m);
            mappings = List.copyOf(m);
        }
        return m;
    }

    /** The request with attributes of its own: what the mappings set while looking stays out of the real request. */
    private static final class OwnAttributes extends HttpServletRequestWrapper {
        private static final Object REMOVED = new Object();
        private final Map<String, Object> attributes = new HashMap<>();

        OwnAttributes(HttpServletRequest request) {
            super(request);
        }

        @Override
        public Object getAttribute(String name) {
            Object v = attributes.get(name);
            if (v == REMOVED) {
                return null;
            }
            return v != null ? v : super.getAttribute(name);
        }

        @Override
        public void setAttribute(String name, Object value) {
            attributes.put(name, value == null ? REMOVED : value);
        }

        @Override
        public void removeAttribute(String name) {
            attributes.put(name, REMOVED);
        }

        @Override
        public Enumeration<String> getAttributeNames() {
            Set<String> names = new LinkedHashSet<>(Collections.list(super.getAttributeNames()));
            attributes.forEach((k, v) -> {
                if (v == REMOVED) {
                    names.remove(k);
                } else {
                    names.add(k);
                }
            });
            return Collections.enumeration(names);
        }
    }
}
