package org.ipaward.server.policy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import org.springframework.stereotype.Component;

/** The engine's version as built, recorded with every policy version and every workflow hash. */
@Component
public class EngineVersion {
    private final String value;

    public EngineVersion() {
        Properties p = new Properties();
        try (InputStream in = EngineVersion.class.getResourceAsStream("/ipaward-build.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.value = p.getProperty("engine.version", "dev");
    }

    public String value() {
        return value;
    }
}
