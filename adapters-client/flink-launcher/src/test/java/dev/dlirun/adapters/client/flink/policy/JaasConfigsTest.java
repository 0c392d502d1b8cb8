package dev.dlirun.adapters.client.flink.policy;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Kafka's sasl.jaas.config read as Kafka reads it, its login module and options held to an allowlist. */
class JaasConfigsTest {

    private static final String WHAT = "table orders: 'properties.sasl.jaas.config'";
    private static final String SECRET = "S3cr3t-pw";
    private static final String PLAIN = "org.apache.kafka.common.security.plain.PlainLoginModule";
    private static final String SHADED = "org.apache.flink.kafka.shaded.org.apache.kafka.common.security.";

    private static JaasConfigs.LoginModule check(String config) {
        return JaasConfigs.check(WHAT, config);
    }

    private static void refused(String config, String message) {
        assertThatThrownBy(() -> check(config)).as(config).isInstanceOf(PolicyViolation.class)
                .hasMessageStartingWith(WHAT).hasMessageContaining(message).message().doesNotContain(SECRET);
    }

    @Test
    void kafkasOwnLoginModulesAreAllowedByTheirNamesInKafkasJarAndInFlinksShadedOne() {
        assertThat(check(PLAIN + " required username=\"alice\" password=\"" + SECRET + "\";"))
                .isEqualTo(new JaasConfigs.LoginModule(PLAIN, "required", Set.of("username", "password")));
        assertThat(check(SHADED + "scram.ScramLoginModule REQUIRED username='alice' password='" + SECRET + "' "
                + "tokenauth=true;").options()).containsExactlyInAnyOrder("username", "password", "tokenauth");
        assertThat(check(SHADED + "plain.PlainLoginModule optional username=alice password=" + SECRET + ";")
                .className()).isEqualTo(SHADED + "plain.PlainLoginModule");
        assertThat(check("org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required "
                + "clientId=\"app\" clientSecret=\"" + SECRET + "\" scope=\"kafka\" extension_logicalCluster=\"lkc-1\";")
                .options()).containsExactlyInAnyOrder("clientId", "clientSecret", "scope", "extension_logicalCluster");
        assertThat(check(SHADED + "oauthbearer.OAuthBearerLoginModule required unsecuredLoginStringClaim_sub=\"alice\" "
                + "unsecuredLoginListClaim_roles=\",a,b\" unsecuredLoginNumberClaim_n=\"1\" "
                + "unsecuredLoginLifetimeSeconds=\"60\" unsecuredLoginExtension_x=\"y\";").controlFlag())
                .isEqualTo("required");
        assertThat(JaasConfigs.allowedModules()).hasSize(6).contains(PLAIN,
                SHADED + "oauthbearer.OAuthBearerLoginModule");
    }

    @Test
    void quotesCommentsAndLinesAreReadAsKafkaReadsThem() {
        assertThat(check("  /* the service account */\n" + PLAIN + "\n  required\n"
                + "  // its name\n  username = \"a b;c=d\"\r\n\tpassword='it\\'s \\\"quoted\\\"' ;  \n").options())
                .containsExactlyInAnyOrder("username", "password");
        assertThat(check(PLAIN + " required \"username\"=\"alice\" password=\"a/b\";").options())
                .containsExactlyInAnyOrder("username", "password");
        // Outside quotes a '/' starts a comment, which takes the ';' with it.
        refused(PLAIN + " required username=alice password=a/" + SECRET + ";", "is not a JAAS configuration Kafka "
                + "would read: an entry does not end with ';'");
    }

    @Test
    void otherLoginModulesAreRefusedNamingTheClassAndTheAllowedOnes() {
        for (String module : new String[]{"com.sun.security.auth.module.Krb5LoginModule",
                "com.sun.security.auth.module.JndiLoginModule", "com.example.MyLoginModule",
                "org.apache.kafka.common.security.plain.PlainLoginModuleX",
                "org.apache.kafka.common.security.plain.plainloginmodule",
                "org.apache.kafka.common.security.kerberos.KerberosLogin",
                "org.apache.flink.kafka.shaded.org.apache.kafka.common.security.plain.Other"}) {
            refused(module + " required username=alice password=" + SECRET + ";", "names the login module '" + module
                    + "', which this service does not allow; it allows " + SHADED + "oauthbearer.OAuthBearerLoginModule, "
                    + SHADED + "plain.PlainLoginModule, " + SHADED + "scram.ScramLoginModule, "
                    + "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule, " + PLAIN + ", "
                    + "org.apache.kafka.common.security.scram.ScramLoginModule");
        }
        refused("\"" + SECRET + " x\" required;", "names the login module (a name that is not shown)");
    }

    @Test
    void optionsAreAllowedByNameAndEachModuleTakesItsOwn() {
        refused(PLAIN + " required username=\"alice\" password=\"" + SECRET + "\" user_admin=\"x\";",
                "gives PlainLoginModule the option 'user_admin', which this service does not allow; it takes "
                        + "password, username");
        refused(PLAIN + " required Username='alice';", "the option 'Username', which this service does not allow");
        refused(PLAIN + " required tokenauth=\"true\";", "the option 'tokenauth', which this service does not allow");
        refused("org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required clientSecret=\"" + SECRET
                + "\" ssl.truststore.location=\"/etc/ssl/cacerts\";", "gives OAuthBearerLoginModule the option "
                + "'ssl.truststore.location', which no job may give: its ssl.* options set up TLS to the OAuth token "
                + "endpoint");
        refused(SHADED + "oauthbearer.OAuthBearerLoginModule required ssl.engine.factory.class=\"com.evil.F\";",
                "'ssl.engine.factory.class', which no job may give");
        refused(SHADED + "oauthbearer.OAuthBearerLoginModule required extension_=\"x\";", "the option 'extension_', "
                + "which this service does not allow; it takes clientId, clientSecret, extension_<name>, scope, ");
        refused(PLAIN + " required \"" + SECRET + " \"=\"x\";", "gives PlainLoginModule the option (a name that is "
                + "not shown)");
        refused(PLAIN + " required \"\"=\"x\";", "gives an option without a name");
        refused(PLAIN + " required ==\"x\";", "gives an option without a name");
    }

    @Test
    void partsOfAValueNotBetweenQuotesAreNeverShownAsOptionNames() {
        // Kafka reads "Horse" as an option's name; it is the password's second word.
        for (String config : new String[]{PLAIN + " required username=\"alice\" password=Correct Horse=\"x\";",
                PLAIN + " required username=\"alice\" password=Correct Horse Battery;",
                PLAIN + " required username=alice password=Correct ssl.Horse=\"x\";",
                SHADED + "oauthbearer.OAuthBearerLoginModule required clientSecret=Correct ssl.Horse=\"x\";"}) {
            assertThatThrownBy(() -> check(config)).as(config).isInstanceOf(PolicyViolation.class)
                    .message().doesNotContain("Horse").doesNotContain("Correct").doesNotContain("Battery");
        }
        refused(PLAIN + " required username=\"alice\" password=Correct Horse=\"x\";", "gives PlainLoginModule an "
                + "option (not named here, as it may be part of a value that is not between quotes), which this "
                + "service does not allow; it takes password, username");
    }

    @Test
    void whatKafkaWouldNotReadIsRefusedAsSuch() {
        String unreadable = "is not a JAAS configuration Kafka would read: ";
        refused("", unreadable + "it names no login module");
        refused("  /* nothing */ ", unreadable + "it names no login module");
        refused(PLAIN, unreadable + "an entry has no control flag");
        refused(PLAIN + " ;", unreadable + "an entry's control flag is not required, requisite, sufficient or optional");
        refused(PLAIN + " mandatory username=alice;", unreadable + "an entry's control flag is not");
        refused(PLAIN + " required username=alice password=" + SECRET, unreadable + "an entry does not end with ';'");
        refused(PLAIN + " required username=alice password " + SECRET + ";", unreadable + "an option has no name or "
                + "no value after '='");
        refused(PLAIN + " required username=alice password=;", unreadable + "an option has no name or no value");
        refused(PLAIN + " required username=alice password=", unreadable + "an option has no name or no value");
        refused("; required;", unreadable + "an entry names no login module");
        refused("\"\" required;", unreadable + "an entry names no login module");
    }

    @Test
    void valuesKafkaWouldNotTakeUnquotedAreRefusedAndTakenQuoted() {
        String unreadable = "is not a JAAS configuration Kafka would read: ";
        for (String value : new String[]{"60", "-x", ".x", "p@ss", "a*b", "a#b", "a:b", "\u0085x"}) {
            refused(SHADED + "oauthbearer.OAuthBearerLoginModule required unsecuredLoginLifetimeSeconds=" + value
                    + " unsecuredLoginStringClaim_sub=alice;", unreadable);
            assertThat(check(SHADED + "oauthbearer.OAuthBearerLoginModule required unsecuredLoginLifetimeSeconds=\""
                    + value + "\" unsecuredLoginStringClaim_sub=alice;").options()).as(value)
                    .containsExactlyInAnyOrder("unsecuredLoginLifetimeSeconds", "unsecuredLoginStringClaim_sub");
        }
        refused(PLAIN + " required username=alice password=" + SECRET + "!;", unreadable);
        assertThat(check(PLAIN + " required username=al-ice_$1.x password='" + SECRET + "!';").options())
                .containsExactlyInAnyOrder("username", "password");
    }

    @Test
    void kafkaTakesOneLoginModule() {
        refused(PLAIN + " required username=a password=" + SECRET + "; " + PLAIN + " required username=b password=c;",
                "names 2 login modules; Kafka takes one");
        refused(PLAIN + " required username=a; com.sun.security.auth.module.Krb5LoginModule required;",
                "names 2 login modules; Kafka takes one");
    }
}
