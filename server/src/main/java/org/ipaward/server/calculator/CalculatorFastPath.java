package org.ipaward.server.calculator;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.ipaward.server.security.SecurityHeaders;
import org.springframework.security.web.header.HeaderWriter;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * The public calculator's direct path: {@code POST /api/public/calculate} answered by a servlet filter ahead of
 * Spring Security's filter chain and Spring MVC, for the calculator's rate (a district's whole deadline rush asks
 * it). The endpoint is public and stateless (no session, CSRF token or sign-in: {@code
 * SecurityConfig.publicReadChain}), so the chain's work there is only its headers, which this writes the same
 * ({@link SecurityHeaders#writers()}); the answer is the same JSON, byte for byte, as the controller's
 * ({@link PublicCalculator#write}), with a {@code Content-Length} instead of chunks.
 *
 * <p>Only the plain case is taken: the exact path, POST, a JSON body (UTF-8) of at most {@value #MAX_BODY}
 * bytes, an {@code Accept} the controller would answer with {@code application/json}, a body that reads as a
 * request and calculates. Anything else — another media type or charset, a body that does not parse, bad input
 * (400), an unknown policy (404), any failure — goes on down the normal chain with the body as read, so errors
 * are answered exactly as before ({@code ProblemHandler}) by {@link CalculatorController}.
 */
public class CalculatorFastPath implements Filter {
    public static final String PATH = "/api/public/calculate";
    static final int MAX_BODY = 256 * 1024;
    private static final Set<String> ACCEPTED = Set.of("*/*", "application/json", "application/*");

    private final PublicCalculator calculator;
    private final JsonMapper mapper;
    private final ObjectReader reader;
    private final List<HeaderWriter> headers = SecurityHeaders.writers();

    public CalculatorFastPath(PublicCalculator calculator, JsonMapper mapper) {
        this.calculator = calculator;
        this.mapper = mapper;
        this.reader = mapper.readerFor(PublicCalculator.CalculateRequest.class);
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest req = (HttpServletRequest) request;
        HttpServletResponse res = (HttpServletResponse) response;
        if (!takes(req)) {
            chain.doFilter(req, res);
            return;
        }
        InputStream in = req.getInputStream();
        byte[] body = in.readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            chain.doFilter(new ReadAgain(req, body, in), res);
            return;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        try {
            PublicCalculator.CalculateRequest calc = reader.readValue(body);
            if (calc == null) {
                throw new IllegalArgumentException("no request");
            }
            try (JsonGenerator g = mapper.createGenerator(out)) {
                calculator.write(calc, g);
            }
        } catch (RuntimeException e) {
            // not the plain case: the controller answers (and ProblemHandler words the error) as before
            chain.doFilter(new ReadAgain(req, body, null), res);
            return;
        }
        for (HeaderWriter w : headers) {
            w.writeHeaders(req, res);
        }
        res.setStatus(HttpServletResponse.SC_OK);
        res.setContentType("application/json");
        res.setContentLength(out.size());
        out.writeTo(res.getOutputStream());
    }

    /** The plain case: this exact path, POST, a UTF-8 JSON body, an answer in application/json accepted. */
    static boolean takes(HttpServletRequest req) {
        if (!"POST".equals(req.getMethod()) || !req.getRequestURI().equals(req.getContextPath() + PATH)) {
            return false;
        }
        String type = req.getContentType();
        if (type == null) {
            return false;
        }
        String t = type.toLowerCase(Locale.ROOT).replace(" ", "");
        if (!t.equals("application/json") && !t.equals("application/json;charset=utf-8")) {
            return false;
        }
        return answersJson(req.getHeader("Accept"));
    }

    /**
     * Whether Spring MVC would answer this {@code Accept} with {@code application/json}, in the plain cases: none,
     * {@code *}{@code /*}, {@code application/*}, or a list without parameters (no quality factors) that starts
     * with {@code application/json}. Any other (say {@code application/problem+json} alone, which the controller
     * answers as such) goes to the controller.
     */
    static boolean answersJson(String accept) {
        if (accept == null) {
            return true;
        }
        String a = accept.trim();
        if (ACCEPTED.contains(a)) {
            return true;
        }
        if (a.indexOf(';') >= 0) {
            return false;
        }
        int comma = a.indexOf(',');
        return comma > 0 && a.substring(0, comma).trim().equals("application/json");
    }

    /** The request with its body readable again: the bytes already read, then any not yet read. */
    static final class ReadAgain extends HttpServletRequestWrapper {
        private final byte[] read;
        private final InputStream rest;

        ReadAgain(HttpServletRequest req, byte[] read, InputStream rest) {
            super(req);
            this.read = read;
            this.rest = rest;
        }

        @Override
        public ServletInputStream getInputStream() {
            InputStream in = rest == null
                    ? new ByteArrayInputStream(read)
                    : new SequenceInputStream(new ByteArrayInputStream(read), rest);
            return new ServletInputStream() {
                private boolean finished;

                @Override
                public int read() throws IOException {
                    int b = in.read();
                    finished = b < 0;
                    return b;
                }

                @Override
                public int read(byte[] buf, int off, int len) throws IOException {
                    int n = in.read(buf, off, len);
                    finished = n < 0;
                    return n;
                }

                @Override
                public boolean isFinished() {
                    return finished;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("blocking reads only");
                }
            };
        }

        @Override
        public BufferedReader getReader() throws IOException {
            String enc = getCharacterEncoding();
            return new BufferedReader(new InputStreamReader(
                    getInputStream(), enc == null ? StandardCharsets.UTF_8 : java.nio.charset.Charset.forName(enc)));
        }
    }
}
