from factdesk.cli.commands import main

main()
