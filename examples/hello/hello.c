/* The example package of copr-backend's demo: greets whoever is named. */
#include <stdio.h>

int main(int argc, char **argv)
{
    printf("Hello, %s! Built by copr-backend.\n", argc > 1 ? argv[1] : "world");
    return 0;
}
