package org.ipaward.server.security;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.ipaward.server.support.Api;

/**
 * A browser for tests: keeps cookies (the session and the XSRF-TOKEN), does not follow redirects, and
 * sends the CSRF header only when asked to.
 */
public final class Browser {
    private final int port;
    private final HttpClient http =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final Map<String, String> cookies = new LinkedHashMap<>();

    public Browser(int port) {
        this.port = port;
    }

    public String cookie(String name) {
        return cookies.get(name);
    }

    public void dropCookie(String name) {
        cookies.remove(name);
    }

    public void setCookie(String name, String value) {
        cookies.put(name, value);
    }

    /** GET a page as a browser would (Accept: text/html). */
    public Api.Response page(String path) {
        return send(base(path, "text/html,application/xhtml+xml,*/*;q=0.8").GET());
    }

    public Api.Response get(String path) {
        return send(base(path, "application/json").GET());
    }

    /** POST a form, with the CSRF token from the XSRF-TOKEN cookie as {@code _csrf} when asked. */
    public Api.Response postForm(String path, Map<String, String> fields, boolean withCsrf) {
        Map<String, String> all = new LinkedHashMap<>(fields);
        if (withCsrf && cookie("XSRF-TOKEN") != null) {
            all.put("_csrf", cookie("XSRF-TOKEN"));
        }
        String body = all.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(base(path, "text/html,*/*;q=0.8")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /**
     * POST a multipart form as a browser's file upload from the page {@code from} (sent as the Referer): the text
     * fields (with the CSRF token as {@code _csrf} when asked), then the file in the part {@code file}.
     */
    public Api.Response postMultipart(
            String from,
            String path,
            Map<String, String> fields,
            String filename,
            String type,
            byte[] content,
            boolean withCsrf) {
        Map<String, String> all = new LinkedHashMap<>();
        if (withCsrf && cookie("XSRF-TOKEN") != null) {
            all.put("_csrf", cookie("XSRF-TOKEN"));
        }
        all.putAll(fields);
        String boundary = "----browser" + System.nanoTime();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(content.length + 1024);
        for (Map.Entry<String, String> f : all.entrySet()) {
            out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.getKey() + "\"\r\n\r\n"
                            + f.getValue() + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                        + "\"\r\nContent-Type: " + type + "\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        out.writeBytes(content);
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(base(path, "text/html,application/xhtml+xml,*/*;q=0.8")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Referer", "http://localhost:" + port + from)
                .POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray())));
    }

    /** POST a body as it is, with its content type, as a page would (Accept: text/html). */
    public Api.Response postRaw(String path, String contentType, byte[] body) {
        return send(base(path, "text/html,application/xhtml+xml,*/*;q=0.8")
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** POST JSON, with the X-XSRF-TOKEN header when asked. */
    public Api.Response postJson(String path, Object body, boolean withCsrf) {
        return json("POST", path, body, withCsrf);
    }

    public Api.Response json(String method, String path, Object body, boolean withCsrf) {
        return jsonWithCsrf(method, path, body, withCsrf ? cookie("XSRF-TOKEN") : null);
    }

    /** A JSON request with the given X-XSRF-TOKEN header value (none when null). */
    public Api.Response jsonWithCsrf(String method, String path, Object body, String csrf) {
        HttpRequest.Builder b = base(path, "application/json, application/problem+json")
                .header("Content-Type", "application/json")
                .method(
                        method,
                        HttpRequest.BodyPublishers.ofString(
                                body instanceof String s ? s : Api.JSON.writeValueAsString(body)));
        if (csrf != null) {
            b.header("X-XSRF-TOKEN", csrf);
        }
        return send(b);
    }

    /** Signs in through the login form (fetching the page first for the CSRF cookie); returns the answer. */
    public Api.Response login(String username, String password) {
        page("/login");
        return postForm("/login", Map.of("username", username, "password", password), true);
    }

    private HttpRequest.Builder base(String path, String accept) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Accept", accept);
        if (!cookies.isEmpty()) {
            b.header(
                    "Cookie",
                    cookies.entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue())
                            .collect(Collectors.joining("; ")));
        }
        return b;
    }

    private Api.Response send(HttpRequest.Builder b) {
        try {
            HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            for (String c : r.headers().allValues("Set-Cookie")) {
                String[] parts = c.split(";");
                String[] nv = parts[0].split("=", 2);
                boolean expired = List.of(parts).stream()
                        .map(String::trim)
                        .anyMatch(p -> p.equalsIgnoreCase("Max-Age=0") || p.startsWith("Expires=Thu, 01 Jan 1970"));
                if (expired || nv.length < 2 || nv[1].isEmpty()) {
                    cookies.remove(nv[0].trim());
                } else {
                    cookies.put(nv[0].trim(), nv[1].trim());
                }
            }
            return new Api.Response(
                    r.statusCode(), r.headers().map(), new String(r.body(), StandardCharsets.UTF_8), r.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
