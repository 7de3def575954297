package com.compozy.monitoring.it.scrape;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.authentication.mechanism.http.BasicAuthenticationMechanismDefinition;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.util.Set;

/**
 * The test application's users, through Jakarta Security so both servers authenticate the same
 * way: {@code scraper} is in group {@value #ROLE} (each server maps a role to the group of its
 * name), {@code intruder} is not.
 */
@ApplicationScoped
@BasicAuthenticationMechanismDefinition(realmName = "metrics")
public class ScraperIdentityStore implements IdentityStore {
  public static final String ROLE = "metrics-reader";

  public CredentialValidationResult validate(UsernamePasswordCredential credential) {
    if (credential.compareTo("scraper", "scraper-pw")) {
      return new CredentialValidationResult("scraper", Set.of(ROLE));
    }
    if (credential.compareTo("intruder", "intruder-pw")) {
      return new CredentialValidationResult("intruder", Set.of("visitors"));
    }
    return CredentialValidationResult.INVALID_RESULT;
  }
}
