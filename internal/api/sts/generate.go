package sts

//go:generate go run ../../../tools/awsgen -service sts -out shapes_gen.go -pkg sts
