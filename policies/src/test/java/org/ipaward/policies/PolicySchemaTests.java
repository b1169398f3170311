package org.ipaward.policies;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** The JSON Schema that editors use must accept every bundled policy, and must still catch a typo. */
class PolicySchemaTests {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchema SCHEMA = schema();

    private static JsonSchema schema() {
        try {
            JsonNode node =
                    JSON.readTree(Path.of("..", "docs", "policy.schema.json").toFile());
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                    .getSchema(node);
        } catch (IOException e) {
            throw new IllegalStateException("docs/policy.schema.json is unreadable", e);
        }
    }

    static Stream<Path> policyFiles() throws IOException {
        try (Stream<Path> s = Files.walk(Path.of("."), 2)) {
            List<Path> files = s.filter(p -> p.getFileName().toString().equals("policy.yaml"))
                    .sorted()
                    .toList();
            assertThat(files).as("bundled policy files").isNotEmpty();
            return files.stream();
        }
    }

    private static Set<ValidationMessage> validate(String yaml) {
        Object tree = new Load(LoadSettings.builder().build()).loadFromString(yaml);
        return SCHEMA.validate(JSON.valueToTree(tree));
    }

    @ParameterizedTest
    @MethodSource("policyFiles")
    void shouldAcceptEveryBundledPolicy(Path file) throws IOException {
        assertThat(validate(Files.readString(file))).as(file.toString()).isEmpty();
    }

    @Test
    void shouldRejectAMisspelledField() throws IOException {
        Path file = policyFiles().findFirst().orElseThrow();
        String yaml = Files.readString(file).replaceFirst("\\n  status:", "\n  statsu:");
        assertThat(validate(yaml)).isNotEmpty();
    }
}
