package elbv2

//go:generate go run ../../../tools/awsgen -service elbv2 -ops operations.txt -out shapes_gen.go -pkg elbv2
