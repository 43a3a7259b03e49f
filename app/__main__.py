from app.cli.parser import main

raise SystemExit(main())
