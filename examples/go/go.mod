module reentry.example/score

go 1.19
