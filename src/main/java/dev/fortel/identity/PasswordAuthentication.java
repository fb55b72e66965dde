package dev.fortel.identity;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AccountStatusUserDetailsChecker;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.DefaultAuthenticationEventPublisher;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.authentication.event.AuthenticationFailureLockedEvent;
import dev.fortel.directory.Employees;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Password authentication, shared by the console's form and the API's token endpoint. Not tied to the web
 * layer, so command-line runs of the jar start without it failing.
 */
@Configuration(proxyBeanMethods = false)
class PasswordAuthentication {

    @Bean
    AuthenticationEventPublisher authenticationEventPublisher(ApplicationEventPublisher publisher) {
        DefaultAuthenticationEventPublisher events = new DefaultAuthenticationEventPublisher(publisher);
        events.setAdditionalExceptionMappings(java.util.Map.of(GuessingRefusal.class, AuthenticationFailureLockedEvent.class,
                DirectorySignIn.Refused.class, org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent.class,
                SsoOnlyRefusal.class, org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent.class));
        return events;
    }

    @Bean
    AuthenticationManager authenticationManager(Accounts accounts, PasswordEncoder encoder, AuthenticationEventPublisher publisher,
            GuessingProtection guards, Employees employees, AddressGate addresses, SecondFactors factors, dev.fortel.identity.ldap.DirectoryBind bind,
            java.time.Clock clock, dev.fortel.identity.saml.SamlProviders sso) {
        DaoAuthenticationProvider provider = new DaoAuthenticationProvider(accounts);
        provider.setPasswordEncoder(encoder);
        provider.setUserDetailsPasswordService(accounts);
        // Check account status only after the password: otherwise a disabled account answers faster (no
        // hash computed) and its existence leaks through timing.
        provider.setPreAuthenticationChecks(user -> { });
        provider.setPostAuthenticationChecks(new AccountStatusUserDetailsChecker());
        ProviderManager manager = new ProviderManager(new GuardedAuthentication(provider, guards, employees, encoder, addresses, factors,
                new DirectorySignIn(bind, accounts, clock), sso));
        manager.setAuthenticationEventPublisher(publisher);
        return manager;
    }
}
