package dev.fortel;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Fortel, a multi-tenant cloud PBX control plane. {@code java -jar fortel.jar} serves the console and API;
 * {@code java -jar fortel.jar journal verify} checks every tenant's journal chain and exits.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class FortelApplication {

    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(FortelApplication.class);
        if (dev.fortel.platform.CommandLine.isCommand(args)) {
            // A command runs against the same database and configuration but serves nothing.
            app.setWebApplicationType(org.springframework.boot.WebApplicationType.NONE);
            app.setBannerMode(org.springframework.boot.Banner.Mode.OFF);
            // A command's output is its report; start-up chatter would bury it.
            // System properties, because they outrank application.yml's INFO level.
            System.setProperty("logging.level.root", "WARN");
            System.setProperty("logging.level.org.flywaydb", "ERROR");
            System.exit(SpringApplication.exit(app.run(args)));
        }
        app.run(args);
    }
}
