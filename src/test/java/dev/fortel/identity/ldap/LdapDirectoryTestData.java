package dev.fortel.identity.ldap;

/** The directory the LDAP tests start from, in LDIF, for the in-memory server and for OpenLDAP alike. */
public final class LdapDirectoryTestData {

    public static final String SUFFIX = "dc=corp,dc=test";
    public static final String SERVICE_DN = "cn=fortel,ou=services," + SUFFIX;
    public static final String SERVICE_PASSWORD = "service account secret 7f3a";

    private LdapDirectoryTestData() {}

    /** People, a service account and a group of administrators (Anna); Boris reports to Anna. */
    public static String seed(String domain) {
        return """
                dn: %1$s
                objectClass: domain
                dc: corp

                dn: ou=services,%1$s
                objectClass: organizationalUnit
                ou: services

                dn: %2$s
                objectClass: inetOrgPerson
                cn: fortel
                sn: service
                userPassword: %3$s

                dn: ou=people,%1$s
                objectClass: organizationalUnit
                ou: people

                dn: uid=anna,ou=people,%1$s
                objectClass: inetOrgPerson
                uid: anna
                cn: Анна Иванова
                sn: Иванова
                mail: anna@%4$s
                telephoneNumber: +7 (495) 123-45-67
                departmentNumber: Sales
                userPassword: anna directory password

                dn: uid=boris,ou=people,%1$s
                objectClass: inetOrgPerson
                uid: boris
                cn: Boris Petrov
                sn: Petrov
                mail: boris@%4$s
                telephoneNumber: 204
                departmentNumber: Sales
                manager: uid=anna,ou=people,%1$s
                userPassword: boris directory password

                dn: ou=groups,%1$s
                objectClass: organizationalUnit
                ou: groups

                dn: cn=pbx-admins,ou=groups,%1$s
                objectClass: groupOfNames
                cn: pbx-admins
                member: uid=anna,ou=people,%1$s
                """.formatted(SUFFIX, SERVICE_DN, SERVICE_PASSWORD, domain);
    }
}
