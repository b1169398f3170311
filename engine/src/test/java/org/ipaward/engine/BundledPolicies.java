package org.ipaward.engine;

import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Path;
import java.util.List;
import org.ipaward.engine.model.Policy;

/**
 * The real policies of the {@code policies} module, loaded once for the property tests. From the engine's tests
 * the working directory is {@code engine/}; {@code -Dipaward.policies=…} points elsewhere.
 */
public final class BundledPolicies {
    public static final Path DIR = Path.of(System.getProperty("ipaward.policies", "../policies"));

    private static List<Policy> policies;
    private static String failure;

    private BundledPolicies() {}

    /** The bundled policies; fails the calling test, naming every problem, when they do not load. */
    public static synchronized List<Policy> get() {
        if (policies == null && failure == null) {
            try {
                policies = PolicyLoader.load(List.of(DIR));
            } catch (PolicyException e) {
                failure = "The bundled policies under " + DIR.toAbsolutePath().normalize()
                        + " do not load, so their properties cannot be checked:\n" + e.getMessage();
            }
        }
        if (failure != null) {
            fail(failure);
        }
        return policies;
    }
}
