package org.ipaward.server.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small HTTP client for tests: real requests to the running server, JSON in and out. */
public final class Api {
    public static final JsonMapper JSON = JsonMapper.builder().build();

    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();

    public Api(int port) {
        this.port = port;
    }

    /** An answer: status, headers, body as text and (when JSON) as a tree. */
    public record Response(int status, Map<String, List<String>> headers, String body, byte[] bytes) {
        public JsonNode json() {
            return JSON.readTree(body);
        }

        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0))
                    .findFirst()
                    .orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    /** Signs in with a token and returns a client acting as that user. */
    public As login(String username, String password) {
        Response r = anonymous().post("/api/auth/token", Map.of("username", username, "password", password));
        if (r.status() != 200) {
            throw new IllegalStateException("login failed for " + username + ": " + r);
        }
        return new As(r.json().get("token").asString());
    }

    public As anonymous() {
        return new As(null);
    }

    public As withToken(String token) {
        return new As(token);
    }

    /** Requests as one user (or anonymous when the token is null). */
    public final class As {
        private final String token;
        private final Map<String, String> headers;

        As(String token) {
            this(token, Map.of());
        }

        As(String token, Map<String, String> headers) {
            this.token = token;
            this.headers = headers;
        }

        /** The same user, sending one more header. */
        public As withHeader(String name, String value) {
            Map<String, String> h = new java.util.LinkedHashMap<>(headers);
            h.put(name, value);
            return new As(token, h);
        }

        public String token() {
            return token;
        }

        public Response get(String path) {
            return send(base(path).GET());
        }

        public Response delete(String path) {
            return send(base(path).DELETE());
        }

        public Response post(String path, Object body) {
            return send(json(base(path), body, "POST"));
        }

        public Response put(String path, Object body) {
            return send(json(base(path), body, "PUT"));
        }

        public Response patch(String path, Object body) {
            return send(json(base(path), body, "PATCH"));
        }

        public Response postRaw(String path, String contentType, byte[] body) {
            return send(
                    base(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        }

        /** A multipart upload of one file with extra text fields. */
        public Response upload(
                String path, String filename, String contentType, byte[] content, Map<String, String> fields) {
            String boundary = "----ipaward" + UUID.randomUUID();
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            try {
                for (Map.Entry<String, String> f : fields.entrySet()) {
                    out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.getKey()
                                    + "\"\r\n\r\n" + f.getValue() + "\r\n")
                            .getBytes(StandardCharsets.UTF_8));
                }
                out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                                + "\"\r\nContent-Type: " + contentType + "\r\n\r\n")
                        .getBytes(StandardCharsets.UTF_8));
                out.write(content);
                out.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return send(base(path)
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray())));
        }

        private HttpRequest.Builder base(String path) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
            if (token != null) {
                b.header("Authorization", "Bearer " + token);
            }
            headers.forEach(b::header);
            return b.header("Accept", "application/json, application/problem+json, */*");
        }

        private HttpRequest.Builder json(HttpRequest.Builder b, Object body, String method) {
            String text = body instanceof String s ? s : JSON.writeValueAsString(body);
            return b.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(text));
        }

        private Response send(HttpRequest.Builder b) {
            try {
                HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
                return new Response(
                        r.statusCode(), r.headers().map(), new String(r.body(), StandardCharsets.UTF_8), r.body());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
