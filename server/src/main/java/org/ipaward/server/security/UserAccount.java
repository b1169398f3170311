package org.ipaward.server.security;

import java.time.Instant;
import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/** A signed-in person: who, which roles, and for applicants the subject they act for. */
public record UserAccount(
        long id,
        String username,
        String displayName,
        String passwordHash,
        Set<Role> roles,
        Long subjectId,
        boolean enabled,
        Instant lockedUntil)
        implements UserDetails {
    private static final long serialVersionUID = 1L;

    public UserAccount {
        roles = Set.copyOf(roles);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    public boolean isStaff() {
        return roles.stream().anyMatch(Role::staff);
    }

    /** The role named in audit records: the first staff role, or applicant. */
    public Role primaryRole() {
        for (Role r : Role.values()) {
            if (r.staff() && roles.contains(r)) {
                return r;
            }
        }
        return Role.APPLICANT;
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return roles.stream()
                .map(r -> new SimpleGrantedAuthority(r.authority()))
                .collect(Collectors.toSet());
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return username;
    }

    @Override
    public boolean isAccountNonLocked() {
        return lockedUntil == null || lockedUntil.isBefore(Instant.now());
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    /** Without the password hash, for the session and the API. */
    public UserAccount withoutPassword() {
        return new UserAccount(id, username, displayName, "", roles, subjectId, enabled, lockedUntil);
    }
}
