package org.ipaward.server.application;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.ipaward.server.security.Role;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.springframework.stereotype.Component;

/**
 * The application state machine, read from {@code workflow.yaml}: states with Chinese and English names,
 * and transitions with the roles allowed, whether a reason is required, and the effect on the ledger.
 */
@Component
public class Workflow {
    public record State(String id, String zh, String en, boolean last) {}

    public record Transition(
            String action,
            Set<String> from,
            String to,
            Set<Role> roles,
            boolean reasonRequired,
            boolean fourEyes,
            String effect,
            String zh,
            String en) {}

    private final Map<String, State> states = new LinkedHashMap<>();
    private final Map<String, Transition> transitions = new LinkedHashMap<>();

    public Workflow() {
        this(Workflow.class.getResourceAsStream("/workflow.yaml"));
    }

    @SuppressWarnings("unchecked")
    Workflow(InputStream in) {
        Map<String, Object> doc;
        try (in) {
            doc = (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromInputStream(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ((Map<String, Map<String, Object>>) doc.get("states"))
                .forEach((id, m) -> states.put(
                        id,
                        new State(
                                id, (String) m.get("zh"), (String) m.get("en"), Boolean.TRUE.equals(m.get("final")))));
        for (Map<String, Object> t : (List<Map<String, Object>>) doc.get("transitions")) {
            String action = (String) t.get("action");
            Set<Role> roles = EnumSet.noneOf(Role.class);
            ((List<String>) t.get("roles")).forEach(r -> roles.add(Role.valueOf(r)));
            List<String> from = (List<String>) t.get("from");
            String to = (String) t.get("to");
            for (String s : from) {
                require(s, action);
            }
            require(to, action);
            if (transitions.put(
                            action,
                            new Transition(
                                    action,
                                    Set.copyOf(from),
                                    to,
                                    Set.copyOf(roles),
                                    Boolean.TRUE.equals(t.get("reason")),
                                    Boolean.TRUE.equals(t.get("four_eyes")),
                                    (String) t.get("effect"),
                                    (String) t.get("zh"),
                                    (String) t.get("en")))
                    != null) {
                throw new IllegalStateException("workflow.yaml: duplicate action " + action);
            }
        }
    }

    private void require(String state, String action) {
        if (!states.containsKey(state)) {
            throw new IllegalStateException("workflow.yaml: action " + action + " names unknown state " + state);
        }
    }

    public State state(String id) {
        State s = states.get(id);
        if (s == null) {
            throw new IllegalArgumentException("unknown state " + id);
        }
        return s;
    }

    public Optional<Transition> transition(String action) {
        return Optional.ofNullable(transitions.get(action));
    }

    public List<State> states() {
        return List.copyOf(states.values());
    }

    public List<Transition> transitions() {
        return List.copyOf(transitions.values());
    }

    /** The actions a user holding these roles may take from a state. */
    public List<Transition> available(String state, Set<Role> roles) {
        List<Transition> out = new ArrayList<>();
        for (Transition t : transitions.values()) {
            if (t.from().contains(state) && t.roles().stream().anyMatch(roles::contains)) {
                out.add(t);
            }
        }
        return out;
    }
}
