package rds

//go:generate go run ../../../tools/awsgen -service rds -ops operations.txt -out shapes_gen.go -pkg rds
