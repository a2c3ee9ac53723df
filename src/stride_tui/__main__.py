from stride_tui.cli import main

raise SystemExit(main())
